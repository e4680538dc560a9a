package io.hybridwasm.services.internal;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthGrpc;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Picks the executor of each new call, on the transport thread, before the call waits for
 * anything: the server's worker pool while a worker is free or fewer than {@code maxQueued} tasks
 * wait for one; otherwise an executor that runs the call's start right there, marked so that
 * {@link GrpcAdmission} refuses it with RESOURCE_EXHAUSTED. So a call the workers cannot take
 * soon is refused at once instead of waiting in a queue that grows with the load.
 *
 * <p>Why here: gRPC runs interceptors on the call's executor, so an interceptor alone decides only
 * after the call waited its turn for a worker, however long the queue. The transport thread is
 * the one place that sees a call before it queues. Health checks bypass the queue (they run on
 * the transport thread; the health service never blocks): a busy server still answers probes.
 *
 * <p>The bound holds within the number of transport threads (two threads may each see one
 * place left). Thread-safe.
 */
public final class WorkerQueue implements ServerCallExecutorSupplier {
    private static final ThreadLocal<Boolean> REFUSING = new ThreadLocal<>();
    private static final Executor REFUSE = task -> {
        REFUSING.set(Boolean.TRUE);
        try {
            task.run();
        } finally {
            REFUSING.remove();
        }
    };
    private static final Executor TRANSPORT_THREAD = Runnable::run;

    private final ThreadPoolExecutor workers;
    private final int maxQueued;

    /**
     * @param workers   the server's own pool
     * @param maxQueued most tasks that may wait for a worker; at that many, with every worker busy,
     *                  new calls are refused
     */
    public WorkerQueue(ThreadPoolExecutor workers, int maxQueued) {
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueuedCalls must be >= 0, was " + maxQueued);
        }
        this.workers = workers;
        this.maxQueued = maxQueued;
    }

    /** Whether the calling thread is starting a call this queue refused. */
    static boolean refusing() {
        return REFUSING.get() != null;
    }

    /** Tasks waiting for a worker now. */
    public int waiting() {
        return workers.getQueue().size();
    }

    @Override
    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return TRANSPORT_THREAD;
        }
        boolean full = waiting() >= maxQueued && workers.getActiveCount() >= workers.getMaximumPoolSize();
        return full ? REFUSE : workers;
    }
}
