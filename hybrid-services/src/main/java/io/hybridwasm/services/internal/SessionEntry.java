package io.hybridwasm.services.internal;

import io.hybridwasm.services.spi.ServiceSession;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One open session: who opened it, when it was last used, and one {@link ServiceSession}
 * per service that has used it (so services never see one another's state). Thread-safe.
 */
public final class SessionEntry {

    private final String id;
    private final String caller;
    private final String clientSessionId;
    private final ConcurrentMap<String, ServiceSession> byService = new ConcurrentHashMap<>();
    private volatile Instant lastUsed;

    SessionEntry(String id, String caller, String clientSessionId, Instant now) {
        this.id = id;
        this.caller = caller;
        this.clientSessionId = clientSessionId;
        this.lastUsed = now;
    }

    /** The server's session id. */
    public String id() {
        return id;
    }

    /** The caller that opened the session ("" when callers are not authenticated). */
    public String caller() {
        return caller;
    }

    /** The client's own name for the session, "" when it gave none. */
    public String clientSessionId() {
        return clientSessionId;
    }

    /** When the session was last opened or used. */
    public Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    /** The state {@code service} keeps in this session, created empty on first use. */
    public ServiceSession forService(String service) {
        return byService.computeIfAbsent(service, s -> new ServiceSession(id));
    }

    void close() {
        byService.values().forEach(ServiceSession::close);
        byService.clear();
    }
}
