package io.hybridwasm.services.internal;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether the server takes a new call at all: none once {@link #drain()} was called
 * (UNAVAILABLE, so clients go elsewhere), and at most {@code maxCalls} at once over all
 * connections (beyond that RESOURCE_EXHAUSTED "server busy", at once rather than queued, so
 * an overloaded server sheds load instead of building an unbounded backlog), and none that
 * {@link WorkerQueue} found no room for in the worker pool's queue (RESOURCE_EXHAUSTED too).
 *
 * <p>A call holds its place from admission until it completes or is cancelled; a stream
 * counts as one call for its whole life. Health checks are always admitted: a busy or
 * draining server must still answer its probes (with NOT_SERVING while draining).
 * Thread-safe.
 */
public final class GrpcAdmission implements ServerInterceptor {

    private final int maxCalls;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;

    /**
     * Admits up to {@code maxCalls} concurrent calls.
     *
     * @throws IllegalArgumentException when {@code maxCalls} is below 1
     */
    public GrpcAdmission(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be >= 1, was " + maxCalls);
        }
        this.maxCalls = maxCalls;
    }

    /** From now on refuses every new call with UNAVAILABLE; calls already admitted go on. */
    public void drain() {
        draining = true;
    }

    /** Calls admitted and not yet finished. */
    public int activeCalls() {
        return active.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        if (draining) {
            return refuse(call, Status.UNAVAILABLE.withDescription("server is shutting down"));
        }
        if (WorkerQueue.refusing()) {
            return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription(
                    "server busy: every worker is taken and the queue is full; retry later"));
        }
        if (active.incrementAndGet() > maxCalls) {
            active.decrementAndGet();
            // Worded so that clients do not take it for a message-size error (ABI -10).
            return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription("server busy: " + maxCalls
                    + " calls in progress; retry later"));
        }
        Runnable release = new Runnable() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void run() {
                if (done.compareAndSet(false, true)) {
                    active.decrementAndGet();
                }
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    release.run();
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    release.run();
                }
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        ServerMetrics.current().refused(status.getCode());
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
