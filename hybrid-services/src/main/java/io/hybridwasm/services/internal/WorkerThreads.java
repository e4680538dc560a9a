package io.hybridwasm.services.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own threads: a fixed pool for calls, and named daemon threads.
 *
 * <p>The pool's thread count is fixed; its queue is not, but what can queue is bounded
 * upstream — by the server's cap on concurrent calls (per connection and in total, see
 * {@code GrpcAdmission}) and, for streams, by manual flow control — so a burst waits instead
 * of being rejected (a rejected task would break gRPC's serializing executor for that call).
 */
public final class WorkerThreads {

    private WorkerThreads() {
    }

    /** A pool of {@code threads} daemon threads named {@code hybrid-worker-N}. */
    public static ExecutorService fixedPool(int threads) {
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
