package io.hybridwasm.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which bearer tokens may call a {@link HybridServer}, and which services each may call: a
 * set of grants {@code token → service names}, where {@value #ALL_SERVICES} allows every
 * service. Install one with {@link HybridServerBuilder#accessPolicy}; a server without one
 * is open to anyone who can reach it (by default only this machine: it binds 127.0.0.1).
 *
 * <p>Get one from {@link #builder()}, {@link #singleToken(String)}, a token file
 * ({@link #fromFile(Path)}) or the environment ({@link #fromEnvironment()}).
 *
 * <p><b>Secrecy.</b> The policy keeps only SHA-256 digests of the tokens, never the tokens;
 * {@link #toString()} and every error message name grants by their {@linkplain Grant#callerId()
 * caller id}, a short digest that identifies a caller in logs and ties sessions to it without
 * revealing the token. {@link #authenticate(String)} compares the presented token's digest
 * with every grant's digest in constant time, always visiting all grants, so neither a
 * token's content nor its length leaks through timing.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessPolicy {

    /** The service name that stands for every service the server hosts. */
    public static final String ALL_SERVICES = "*";
    /** The environment variable {@link #fromEnvironment()} reads: one token, allowed all services. */
    public static final String TOKEN_ENV = "HYBRID_AUTH_TOKEN";

    /**
     * What one token may do, without the token.
     *
     * @param callerId  a short, stable digest of the token ({@code caller-} and 16 hex digits):
     *                  the caller's identity for sessions ({@link CallerId}) and logs
     * @param services  the service names the token may call, or just {@value #ALL_SERVICES}
     */
    public record Grant(String callerId, Set<String> services) {
        /** Copies {@code services}. */
        public Grant {
            Objects.requireNonNull(callerId, "callerId");
            services = Set.copyOf(services);
        }

        /** Whether this grant allows calling {@code service}. */
        public boolean allows(String service) {
            return services.contains(ALL_SERVICES) || services.contains(service);
        }

        @Override
        public String toString() {
            return callerId + ": " + (services.contains(ALL_SERVICES) ? ALL_SERVICES
                    : services.stream().sorted().collect(Collectors.joining(",")));
        }
    }

    private record Entry(byte[] digest, Grant grant) {
    }

    private final List<Entry> entries;

    private AccessPolicy(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A policy with one token, allowed to call every service. */
    public static AccessPolicy singleToken(String token) {
        return builder().grant(token, ALL_SERVICES).build();
    }

    /**
     * Reads a token file: one grant per line, {@code <token> <service>[,<service>...]} or
     * {@code <token> *}; blank lines and lines starting with {@code #} are skipped; spaces
     * around the commas are allowed. Tokens must not start with {@code #}. For example:
     * <pre>
     * # The VAD front end may call the detector only.
     * 6f1c0e7a9b2d4c3e8f5a1b0c9d8e7f6a VoiceActivityDetector
     * # Operators may call everything.
     * 0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d *
     * </pre>
     * Keep the file readable by the server's user only; a warning is logged otherwise.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a line is malformed; the message names the file
     *         and the line number but never shows the line, which holds a token
     */
    public static AccessPolicy fromFile(Path file) throws IOException {
        return AccessPolicyFile.read(file);
    }

    /**
     * A policy of the single token in the environment variable {@value #TOKEN_ENV}, allowed
     * every service; empty when the variable is unset or blank. Surrounding whitespace is
     * ignored.
     */
    public static Optional<AccessPolicy> fromEnvironment() {
        return AccessPolicyFile.fromEnvironment(System.getenv());
    }

    /**
     * The grant of {@code presentedToken}, or empty when no grant has that token. Takes the
     * same time whichever grant matches, if any, and whatever the token's length.
     */
    public Optional<Grant> authenticate(String presentedToken) {
        byte[] presented = sha256(presentedToken);
        Grant match = null;
        for (Entry entry : entries) {
            boolean equal = MessageDigest.isEqual(presented, entry.digest());
            match = equal ? entry.grant() : match;
        }
        return Optional.ofNullable(match);
    }

    /** The grants, in the order they were added, without their tokens. */
    public List<Grant> grants() {
        return entries.stream().map(Entry::grant).toList();
    }

    /** Lists the grants by caller id and services; never prints a token. */
    @Override
    public String toString() {
        return "AccessPolicy" + grants();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    static String callerIdOf(String token) {
        byte[] digest = sha256("hybrid-caller-id:" + token);
        return "caller-" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * Collects grants; {@link #build()} needs at least one. Errors name the grant by its
     * position (1-based), never by its token. Not thread-safe.
     */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /**
         * Allows {@code token} to call {@code services} ({@value #ALL_SERVICES} alone for all).
         *
         * @throws IllegalArgumentException when the token is empty, not visible ASCII (it
         *         travels in an HTTP header), already granted, or a service name is blank,
         *         contains a comma or whitespace, or {@value #ALL_SERVICES} is mixed with names
         */
        public Builder grant(String token, Collection<String> services) {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(services, "services");
            String which = "grant #" + (entries.size() + 1);
            checkToken(token, which);
            byte[] digest = sha256(token);
            for (Entry entry : entries) {
                if (Arrays.equals(entry.digest(), digest)) {
                    throw new IllegalArgumentException(which + " repeats the token of " + entry.grant().callerId());
                }
            }
            entries.add(new Entry(digest, new Grant(callerIdOf(token), checkServices(services, which))));
            return this;
        }

        /** Same as {@link #grant(String, Collection)}. */
        public Builder grant(String token, String... services) {
            return grant(token, Arrays.asList(services));
        }

        /**
         * The policy.
         *
         * @throws IllegalStateException when no grant was added (such a policy would refuse
         *         every call, which is never what a configuration means)
         */
        public AccessPolicy build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("an access policy needs at least one grant");
            }
            Set<String> ids = new HashSet<>();
            for (Entry entry : entries) {
                if (!ids.add(entry.grant().callerId())) {
                    throw new IllegalStateException("two tokens share caller id " + entry.grant().callerId());
                }
            }
            return new AccessPolicy(entries);
        }

        private static void checkToken(String token, String which) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("the token of " + which + " is empty");
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c < 0x21 || c > 0x7e) {
                    throw new IllegalArgumentException("the token of " + which
                            + " must be visible ASCII without spaces; character " + (i + 1) + " is not");
                }
            }
        }

        private static Set<String> checkServices(Collection<String> services, String which) {
            if (services.isEmpty()) {
                throw new IllegalArgumentException(which + " names no service; use \"" + ALL_SERVICES
                        + "\" to allow all");
            }
            Set<String> names = new LinkedHashSet<>();
            for (String name : services) {
                if (name == null || name.isBlank() || name.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
                    throw new IllegalArgumentException(which + " has an invalid service name '" + name
                            + "': names are non-empty, without commas or whitespace");
                }
                names.add(name);
            }
            if (names.contains(ALL_SERVICES) && names.size() > 1) {
                throw new IllegalArgumentException(which + " mixes \"" + ALL_SERVICES + "\" with service names "
                        + names + "; \"" + ALL_SERVICES + "\" already allows all");
            }
            return names;
        }
    }
}
