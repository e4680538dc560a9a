package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads and the bounded queue behind one node's {@code processAsync}: at most
 * {@code maxInstances} platform threads (one per instance the node may run; started on demand,
 * stopped after {@link #KEEP_ALIVE_SECONDS} idle) take calls in order from a queue of at most
 * {@code capacity}; a call beyond that is refused, not queued.
 *
 * <p>Platform threads rather than virtual ones: a guest call is CPU-bound and the instance
 * count already bounds how many run, so virtual threads would save nothing, and Truffle treats
 * polyglot contexts on virtual threads as experimental.
 */
final class AsyncCallQueue implements AutoCloseable {
    /** Calls one node holds waiting for a thread, beyond those running. */
    static final int DEFAULT_CAPACITY = 1024;
    private static final long KEEP_ALIVE_SECONDS = 30;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String moduleName;
    private final int capacity;
    private final ThreadPoolExecutor executor;

    AsyncCallQueue(String moduleName, int threads, int capacity) {
        this.moduleName = moduleName;
        this.capacity = capacity;
        this.executor = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(capacity), task -> {
                    Thread thread = new Thread(task, "hybrid-async-" + moduleName + "-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code body}; the future fails at once when the queue is full or closed. */
    CompletableFuture<byte[]> submit(AsyncCall.Body body) {
        AsyncCall call = new AsyncCall(body, executor::remove);
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            call.completeExceptionally(executor.isShutdown()
                    ? new IllegalStateException("node " + moduleName + " is closed")
                    : new HybridException(HostStatus.SERVICE_UNAVAILABLE, "node " + moduleName + " refused an async call: "
                            + capacity + " calls are already waiting for its " + executor.getMaximumPoolSize()
                            + " instances (maxInstances); retry later or wait for earlier calls"));
        }
        return call;
    }

    /** Stops taking calls; fails those still queued. Running calls finish. */
    @Override
    public void close() {
        executor.shutdown();
        List<Runnable> queued = new ArrayList<>();
        executor.getQueue().drainTo(queued);
        for (Runnable task : queued) {
            ((AsyncCall) task).completeExceptionally(
                    new IllegalStateException("node " + moduleName + " was closed before the call ran"));
        }
    }
}
