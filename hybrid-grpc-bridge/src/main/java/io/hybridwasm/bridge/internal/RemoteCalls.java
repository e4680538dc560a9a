package io.hybridwasm.bridge.internal;

import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
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

    /** See {@link RemoteExecutionClient#openSession(String, Instant)}. */
    String openSession(String clientSessionId, Instant deadline);

    /** See {@link RemoteExecutionClient#closeSession(String)}. */
    void closeSession(String sessionId);

    /** See {@link RemoteExecutionClient#openStream(String, Optional)}. */
    RemoteStream openStream(String service, Optional<String> sessionId);

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
            public String openSession(String clientSessionId, Instant deadline) {
                return client.openSession(clientSessionId, deadline);
            }

            @Override
            public void closeSession(String sessionId) {
                client.closeSession(sessionId);
            }

            @Override
            public RemoteStream openStream(String service, Optional<String> sessionId) {
                return client.openStream(service, sessionId);
            }
        };
    }
}
