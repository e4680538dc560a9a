package io.hybridwasm.bridge.internal;

import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.spi.ServiceEndpoint;

import java.time.Instant;
import java.util.Optional;

/**
 * What the guest host functions need from the network: the slice of
 * {@link RemoteExecutionClient} they use. In production it is exactly that client
 * ({@link #over}); tests substitute a fake to check the functions without a server.
 * Implementations are thread-safe and throw {@link io.hybridwasm.RemoteCallException}s.
 */
public interface RemoteCalls {

    /** See {@link RemoteExecutionClient#resolve(String)}. */
    Optional<ServiceEndpoint> resolve(String service);

    /** See {@link RemoteExecutionClient#call(RemoteRequest)}. */
    RemoteResult call(RemoteRequest request);

    /** See {@link RemoteExecutionClient#call(RemoteRequest, RemoteSession)}. */
    RemoteResult call(RemoteRequest request, RemoteSession session);

    /** See {@link RemoteExecutionClient#openRemoteSession(String, Instant)}. */
    RemoteSession openSession(String clientSessionId, Instant deadline);

    /** See {@link RemoteExecutionClient#closeSession(RemoteSession)}. */
    void closeSession(RemoteSession session);

    /** A stream to {@code service}, in {@code session} (on its replica) when present. */
    RemoteStream openStream(String service, Optional<RemoteSession> session);

    /** The calls of {@code client}, one to one. */
    static RemoteCalls over(RemoteExecutionClient client) {
        return new RemoteCalls() {
            @Override
            public Optional<ServiceEndpoint> resolve(String service) {
                return client.resolve(service);
            }

            @Override
            public RemoteResult call(RemoteRequest request) {
                return client.call(request);
            }

            @Override
            public RemoteResult call(RemoteRequest request, RemoteSession session) {
                return client.call(request, session);
            }

            @Override
            public RemoteSession openSession(String clientSessionId, Instant deadline) {
                return client.openRemoteSession(clientSessionId, deadline);
            }

            @Override
            public void closeSession(RemoteSession session) {
                client.closeSession(session);
            }

            @Override
            public RemoteStream openStream(String service, Optional<RemoteSession> session) {
                return session.isPresent() ? client.openStream(service, session.get(), null)
                        : client.openStream(service, Optional.empty());
            }
        };
    }
}
