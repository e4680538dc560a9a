package io.hybridwasm.services.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's open sessions, keyed by a random 128-bit id; also indexed by (caller, client
 * session id) so that opening the same client session twice returns the same session.
 *
 * <p>A session expires once unused for the idle TTL: lookups treat it as gone at once, and
 * {@link #evictExpired()} (run periodically by the server, and whenever the cap is reached)
 * frees it. At most {@code maxSessions} are open; opening one more fails with
 * {@link LimitExceededException}. Time comes from an injectable {@link InstantSource}.
 * Thread-safe: lookups are lock-free, opening and closing are serialized.
 */
public final class SessionStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    /** The outcome of {@link #open}: the session's id, and whether it already existed. */
    public record Opened(String sessionId, boolean existing) {
    }

    /** Thrown when opening a session would exceed the cap. */
    public static final class LimitExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String message) {
            super(message);
        }
    }

    private record ClientKey(String caller, String clientSessionId) {
    }

    private final Duration idleTtl;
    private final int maxSessions;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, SessionEntry> byId = new ConcurrentHashMap<>();
    private final Map<ClientKey, SessionEntry> byClient = new HashMap<>(); // guarded by this

    /**
     * Creates an empty store.
     *
     * @throws IllegalArgumentException when the TTL is not positive or the cap below 1
     */
    public SessionStore(Duration idleTtl, int maxSessions, InstantSource clock) {
        if (idleTtl.isNegative() || idleTtl.isZero()) {
            throw new IllegalArgumentException("idle TTL must be positive, was " + idleTtl);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1, was " + maxSessions);
        }
        this.idleTtl = idleTtl;
        this.maxSessions = maxSessions;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens a session for {@code caller}, or returns the live one it already opened under
     * the same non-empty {@code clientSessionId} (refreshing its idle time).
     *
     * @throws LimitExceededException when the cap is reached even after evicting expired ones
     */
    public synchronized Opened open(String caller, String clientSessionId) {
        Instant now = clock.instant();
        ClientKey key = clientSessionId.isEmpty() ? null : new ClientKey(caller, clientSessionId);
        if (key != null) {
            SessionEntry existing = byClient.get(key);
            if (existing != null) {
                if (!isExpired(existing, now)) {
                    existing.touch(now);
                    return new Opened(existing.id(), true);
                }
                remove(existing);
            }
        }
        if (byId.size() >= maxSessions) {
            evictExpired();
            if (byId.size() >= maxSessions) {
                throw new LimitExceededException("the server's limit of " + maxSessions
                        + " open sessions is reached; close sessions you no longer need");
            }
        }
        String id = newId();
        SessionEntry entry = new SessionEntry(id, caller, clientSessionId, now);
        byId.put(id, entry);
        if (key != null) {
            byClient.put(key, entry);
        }
        return new Opened(id, false);
    }

    /** The live session {@code id}, marked as used now; empty when unknown or expired. */
    public Optional<SessionEntry> find(String id) {
        SessionEntry entry = byId.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (isExpired(entry, now)) {
            synchronized (this) {
                remove(entry);
            }
            return Optional.empty();
        }
        entry.touch(now);
        return Optional.of(entry);
    }

    /**
     * Closes session {@code id} if {@code caller} opened it, dropping its state.
     *
     * @return whether a session was closed
     */
    public synchronized boolean close(String id, String caller) {
        SessionEntry entry = byId.get(id);
        if (entry == null || !entry.caller().equals(caller)) {
            return false;
        }
        remove(entry);
        return true;
    }

    /** Closes every expired session; returns how many. */
    public synchronized int evictExpired() {
        Instant now = clock.instant();
        List<SessionEntry> expired = new ArrayList<>();
        for (SessionEntry entry : byId.values()) {
            if (isExpired(entry, now)) {
                expired.add(entry);
            }
        }
        expired.forEach(this::remove);
        if (!expired.isEmpty()) {
            log.debug("Evicted {} idle sessions", expired.size());
        }
        return expired.size();
    }

    /** Sessions currently held (expired ones count until evicted). */
    public int size() {
        return byId.size();
    }

    /** The idle TTL. */
    public Duration idleTtl() {
        return idleTtl;
    }

    /** Closes every session. */
    @Override
    public synchronized void close() {
        new ArrayList<>(byId.values()).forEach(this::remove);
    }

    private boolean isExpired(SessionEntry entry, Instant now) {
        return !now.isBefore(entry.lastUsed().plus(idleTtl));
    }

    private void remove(SessionEntry entry) { // caller holds the lock
        if (byId.remove(entry.id(), entry)) {
            if (!entry.clientSessionId().isEmpty()) {
                byClient.remove(new ClientKey(entry.caller(), entry.clientSessionId()), entry);
            }
            entry.close();
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
