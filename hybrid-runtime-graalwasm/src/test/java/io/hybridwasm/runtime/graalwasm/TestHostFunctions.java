package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host functions for the test guests, registered through the builder:
 * {@code test.registered_read(ptr, len)} reads guest memory and returns 0 (or -8 when the range
 * is bad), {@code test.fail()} throws, {@code test.track()} records the calling instance,
 * attaches a closeable to it and holds the instance for a while, ignoring interrupts;
 * {@code test.started()} queues the calling instance's id in {@link #started}.
 */
final class TestHostFunctions extends HostFunctionProvider {
    final Set<String> instanceIds = ConcurrentHashMap.newKeySet();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final AtomicInteger attachmentsClosed = new AtomicInteger();
    final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    private final int priority;
    private final int readResult;
    private final long trackMillis;

    TestHostFunctions() {
        this(DEFAULT_PRIORITY, 0, 0);
    }

    /**
     * @param readResult  what registered_read returns for a good range
     * @param trackMillis how long track() holds the calling instance
     */
    TestHostFunctions(int priority, int readResult, long trackMillis) {
        this.priority = priority;
        this.readResult = readResult;
        this.trackMillis = trackMillis;
    }

    @Override
    public String name() {
        return "test-registered-" + priority;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public List<HostFunction> functions() {
        return List.of(
                HostFunction.ofInts("test", "registered_read", 2, (call, args) -> {
                    call.memory().read(args[0], args[1]);
                    return readResult;
                }),
                HostFunction.ofInts("test", "started", 0, (call, args) -> {
                    started.add(call.context().instanceId());
                    return 0;
                }),
                HostFunction.ofInts("test", "fail", 0, (call, args) -> {
                    throw new IllegalStateException("host function failed on purpose");
                }),
                HostFunction.ofInts("test", "track", 0, (call, args) -> {
                    instanceIds.add(call.context().instanceId());
                    call.context().attachment(Closeable.class, Closeable::new);
                    int now = active.incrementAndGet();
                    maxActive.accumulateAndGet(now, Math::max);
                    try {
                        holdIgnoringInterrupts(trackMillis);
                    } finally {
                        active.decrementAndGet();
                    }
                    return 0;
                }));
    }

    /** Blocks like host code that does not react to interrupts (the watchdog must cope). */
    private static void holdIgnoringInterrupts(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        for (long left = millis * 1_000_000; left > 0; left = end - System.nanoTime()) {
            interrupted |= Thread.interrupted();
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts its closing, to show attachments are closed with their instance. */
    final class Closeable implements AutoCloseable {
        @Override
        public void close() {
            attachmentsClosed.incrementAndGet();
        }
    }
}
