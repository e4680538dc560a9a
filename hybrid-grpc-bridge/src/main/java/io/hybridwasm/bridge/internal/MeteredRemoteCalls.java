package io.hybridwasm.bridge.internal;

import io.hybridwasm.HybridException;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.spi.ServiceEndpoint;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

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
        return metrics.enabled() ? metered(metrics, request, () -> delegate.call(request)) : delegate.call(request);
    }

    @Override
    public RemoteResult call(RemoteRequest request, RemoteSession session) {
        BridgeMetrics metrics = BridgeMetrics.current();
        return metrics.enabled() ? metered(metrics, request, () -> delegate.call(request, session))
                : delegate.call(request, session);
    }

    @Override
    public RemoteSession openSession(String clientSessionId, Instant deadline) {
        return delegate.openSession(clientSessionId, deadline);
    }

    @Override
    public void closeSession(RemoteSession session) {
        delegate.closeSession(session);
    }

    @Override
    public RemoteStream openStream(String service, Optional<RemoteSession> session) {
        return delegate.openStream(service, session);
    }

    @Override
    public void release() {
        delegate.release();
    }

    private static RemoteResult metered(BridgeMetrics metrics, RemoteRequest request, Supplier<RemoteResult> call) {
        long start = System.nanoTime();
        String status = "INTERNAL";
        try {
            RemoteResult result = call.get();
            status = "OK";
            return result;
        } catch (HybridException e) {
            status = e.status().name();
            throw e;
        } finally {
            metrics.hostCall(request.service(), status, System.nanoTime() - start);
        }
    }
}
