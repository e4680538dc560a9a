package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bridge keeps for one guest instance, as a {@code HostContext} attachment: its remote
 * sessions (local id to server id, and the current one, which later calls carry), the result
 * kept after {@code BUFFER_TOO_SMALL}, its open streams, one per service, and the detail of its
 * latest failed call, for {@code env.last_error}.
 *
 * <p>Closed by the runtime when the instance is discarded: streams are half-closed and drained,
 * then sessions are closed on the server. Thread-safe; the monitor is never held during network
 * work, so closing does not wait behind a call in progress.
 */
public final class InstanceBridgeState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceBridgeState.class);

    private final RemoteCalls calls;
    private final String instanceId;
    private final Map<String, RemoteSession> sessions = new HashMap<>();
    private final Map<String, RemoteStream> streams = new HashMap<>();
    private RemoteSession currentSession;
    private PendingResult pending;
    private byte[] lastError = new byte[0];
    private boolean closed;

    public InstanceBridgeState(RemoteCalls calls, String instanceId) {
        this.calls = calls;
        this.instanceId = instanceId;
    }

    /** The client this instance's calls go through. */
    public RemoteCalls calls() {
        return calls;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The session later calls of this instance carry: the one {@code get_remote_session} returned last. */
    public synchronized Optional<RemoteSession> currentSession() {
        return Optional.ofNullable(currentSession);
    }

    /** The server session opened for {@code localId}, without making it current. */
    public synchronized Optional<RemoteSession> session(String localId) {
        return Optional.ofNullable(sessions.get(localId));
    }

    /** Forgets {@code lost} (its state is gone, see {@link SessionLoss}); the next {@code get_remote_session} opens a new one. */
    public synchronized void sessionLost(RemoteSession lost) {
        sessions.values().removeIf(lost::equals);
        if (lost.equals(currentSession)) {
            currentSession = null;
        }
    }

    /** The server session opened for {@code localId}, made current if present. */
    public synchronized Optional<RemoteSession> useSession(String localId) {
        RemoteSession serverId = sessions.get(localId);
        if (serverId != null) {
            currentSession = serverId;
        }
        return Optional.ofNullable(serverId);
    }

    /** Records a newly opened session and makes it current; closes it again if the instance is gone. */
    public void sessionOpened(String localId, RemoteSession serverId) {
        synchronized (this) {
            if (!closed) {
                sessions.put(localId, serverId);
                currentSession = serverId;
                return;
            }
        }
        closeSessionQuietly(serverId);
        throw discarded();
    }

    /**
     * The kept result if this call is its retry; either way nothing stays kept afterwards, since
     * any other call discards it.
     */
    public synchronized RemoteResult takePending(String service, byte[] payload) {
        PendingResult kept = pending;
        pending = null;
        return kept != null && kept.matches(service, payload) ? kept.result() : null;
    }

    /** Keeps {@code result} for the retry of this call with a bigger buffer. */
    public synchronized void keepPending(String service, byte[] payload, RemoteResult result) {
        pending = PendingResult.keep(service, payload, result);
    }

    /** Whether a result is kept (for tests and diagnostics). */
    public synchronized boolean hasPending() {
        return pending != null;
    }

    public synchronized RemoteStream stream(String service) {
        return streams.get(service);
    }

    /** Registers a newly opened stream; closes it again if the instance is gone. */
    public void streamOpened(String service, RemoteStream stream) {
        synchronized (this) {
            if (!closed) {
                streams.put(service, stream);
                return;
            }
        }
        closeStreamQuietly(stream);
        throw discarded();
    }

    /** Forgets a stream that was finished (its answer taken), so the next call for the service opens a new one. */
    public synchronized void streamFinished(String service, RemoteStream stream) {
        streams.remove(service, stream);
    }

    /** Records the detail {@code env.last_error} returns: the latest failure of this instance's calls. */
    public synchronized void recordFailure(byte[] detail) {
        lastError = detail;
    }

    /** The latest failure's detail ({@link ErrorDetail}); empty when no call has failed. */
    public synchronized byte[] lastError() {
        return lastError;
    }

    /** Forgets a failed stream, so the next call for the service opens a new one. */
    public void streamFailed(String service, RemoteStream stream) {
        synchronized (this) {
            streams.remove(service, stream);
        }
        closeStreamQuietly(stream);
    }

    /** Half-closes and drains every stream, then closes every session. Failures are logged, not thrown. Idempotent. */
    @Override
    public void close() {
        List<RemoteStream> openStreams;
        List<RemoteSession> openSessions;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            openStreams = new ArrayList<>(streams.values());
            openSessions = new ArrayList<>(sessions.values());
            streams.clear();
            sessions.clear();
            pending = null;
            currentSession = null;
        }
        openStreams.forEach(this::closeStreamQuietly);
        openSessions.forEach(this::closeSessionQuietly);
    }

    private void closeStreamQuietly(RemoteStream stream) {
        try {
            stream.close();
        } catch (RuntimeException e) {
            LOG.warn("instance {}: closing the stream to {} failed: {}", instanceId, stream.service(), e.getMessage());
        }
    }

    private void closeSessionQuietly(RemoteSession session) {
        try {
            calls.closeSession(session);
        } catch (RuntimeException e) {
            LOG.warn("instance {}: closing remote session {} failed: {}", instanceId, session.id(), e.getMessage());
        }
    }

    private RemoteCallException discarded() {
        return new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "instance " + instanceId + " was discarded");
    }
}
