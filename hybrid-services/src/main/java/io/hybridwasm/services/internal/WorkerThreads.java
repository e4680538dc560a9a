package io.hybridwasm.services.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own threads: a fixed pool for calls, and named daemon threads.
 *
 * <p>The pool's thread count is fixed. What waits for a thread is bounded before it reaches the
 * pool's queue, since a task the pool rejected would break gRPC's serializing executor for
 * that call: new calls by {@link WorkerQueue} (refused when too many tasks wait) and the cap
 * on concurrent calls (per connection and in total, {@code GrpcAdmission}), and a stream's
 * messages by manual flow control.
 */
public final class WorkerThreads {

    private WorkerThreads() {
    }

    /** A pool of {@code threads} daemon threads named {@code hybrid-worker-N}. */
    public static ThreadPoolExecutor fixedPool(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonFactory("hybrid-worker"));
    }

    /** Daemon threads named {@code prefix-N}. */
    public static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
