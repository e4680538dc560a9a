package io.hybridwasm.bridge.internal;

import io.hybridwasm.HybridException;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.spi.ServiceEndpoint;

import java.time.Instant;
import java.util.Optional;

/**
 * {@link RemoteCalls} that record each guest's remote call in {@code hybrid.host_call.duration}
 * (service, ABI status name, seconds) and otherwise pass everything through.
 */
public final class MeteredRemoteCalls implements RemoteCalls {
    private final RemoteCalls delegate;

    private MeteredRemoteCalls(RemoteCalls delegate) {
        this.delegate = delegate;
    }

    /** {@code calls}, metered. */
    public static RemoteCalls of(RemoteCalls calls) {
        return new MeteredRemoteCalls(calls);
    }

    @Override
    public Optional<ServiceEndpoint> resolve(String service) {
        return delegate.resolve(service);
    }

    @Override
    public RemoteResult call(RemoteRequest request) {
        BridgeMetrics metrics = BridgeMetrics.current();
        if (!metrics.enabled()) {
            return delegate.call(request);
        }
        long start = System.nanoTime();
        String status = "INTERNAL";
        try {
            RemoteResult result = delegate.call(request);
            status = "OK";
            return result;
        } catch (HybridException e) {
            status = e.status().name();
            throw e;
        } finally {
            metrics.hostCall(request.service(), status, System.nanoTime() - start);
        }
    }

    @Override
    public String openSession(String clientSessionId, Instant deadline) {
        return delegate.openSession(clientSessionId, deadline);
    }

    @Override
    public void closeSession(String sessionId) {
        delegate.closeSession(sessionId);
    }

    @Override
    public RemoteStream openStream(String service, Optional<String> sessionId) {
        return delegate.openStream(service, sessionId);
    }
}
