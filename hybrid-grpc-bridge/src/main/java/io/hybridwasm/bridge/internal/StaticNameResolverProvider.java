package io.hybridwasm.bridge.internal;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code static} target scheme: {@code static:///host1:port1,host2:port2} names a fixed set
 * of replicas, each its own address group, so the {@code round_robin} policy spreads calls
 * over all of them.
 *
 * <p>Installed on the builder of each channel whose target uses the scheme, never in gRPC's
 * global registry, so the bridge changes nothing for other gRPC users in the JVM. Hosts are
 * names or IPv4 literals (a bracketed IPv6 literal is not a valid URI path); a name is
 * resolved once per (re)resolution on gRPC's offload executor. Thread-safe.
 */
public final class StaticNameResolverProvider extends NameResolverProvider {
    /** The URI scheme this provider serves. */
    public static final String SCHEME = "static";

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    /** Whether {@code target} uses this scheme. */
    public static boolean handles(String target) {
        return target.regionMatches(true, 0, SCHEME + ":", 0, SCHEME.length() + 1);
    }

    /**
     * A resolver for {@code targetUri}, or null for another scheme.
     *
     * @throws IllegalArgumentException the address list is empty or malformed
     */
    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme() == null ? null : targetUri.getScheme().toLowerCase(Locale.ROOT))) {
            return null;
        }
        String path = targetUri.getPath() == null ? "" : targetUri.getPath();
        List<HostAndPort> addresses = parseAddresses(path.startsWith("/") ? path.substring(1) : path);
        String authority = targetUri.getAuthority() != null && !targetUri.getAuthority().isEmpty()
                ? targetUri.getAuthority()
                : addresses.get(0).toString();
        return new StaticNameResolver(authority, addresses, args);
    }

    /**
     * {@code "h1:p1,h2:p2"} as addresses, in order.
     *
     * @throws IllegalArgumentException the list is empty, an entry lacks a port, or a port is not 1..65535
     */
    public static List<HostAndPort> parseAddresses(String list) {
        List<HostAndPort> result = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.strip();
            int colon = entry.lastIndexOf(':');
            if (entry.isEmpty() || colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("static target entry '" + entry
                        + "' is not host:port (target list was '" + list + "')");
            }
            String host = entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("static target entry '" + entry + "' has a non-numeric port", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("static target entry '" + entry + "' has port " + port
                        + ", outside 1..65535");
            }
            result.add(new HostAndPort(host, port));
        }
        return List.copyOf(result);
    }

    /** One replica of a static target. */
    public record HostAndPort(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
