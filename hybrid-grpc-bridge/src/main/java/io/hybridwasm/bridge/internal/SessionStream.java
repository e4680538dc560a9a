package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;

import java.time.Instant;

/**
 * A stream opened in a legacy, ambient session: failures that mean the session is lost
 * ({@link SessionLoss}) are reported as {@link HostStatus#SESSION_EXPIRED} and make the instance
 * forget the session, so the next stream (opened after the guest's next
 * {@code get_remote_session}, or without a session) does not carry the dead id again.
 */
final class SessionStream implements RemoteStream {
    private final RemoteStream stream;
    private final RemoteSession session;
    private final InstanceBridgeState state;

    SessionStream(RemoteStream stream, RemoteSession session, InstanceBridgeState state) {
        this.stream = stream;
        this.session = session;
        this.state = state;
    }

    @Override
    public String service() {
        return stream.service();
    }

    @Override
    public void send(byte[] chunk) {
        try {
            stream.send(chunk);
        } catch (RemoteCallException e) {
            throw lost(e);
        }
    }

    @Override
    public void send(byte[] chunk, Instant deadline) {
        try {
            stream.send(chunk, deadline);
        } catch (RemoteCallException e) {
            throw lost(e);
        }
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    @Override
    public long chunksSent() {
        return stream.chunksSent();
    }

    @Override
    public long chunksConsumed() {
        return stream.chunksConsumed();
    }

    @Override
    public void close() {
        stream.close();
    }

    private RemoteCallException lost(RemoteCallException failure) {
        RemoteCallException judged = SessionLoss.judge(failure, session);
        if (judged.status() == HostStatus.SESSION_EXPIRED) {
            state.sessionLost(session);
        }
        return judged;
    }
}
