package io.hybridwasm.runtime.graalwasm.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle instances of one {@link InstancePool}, most recently returned first, each with the
 * time it was returned; an instance idle longer than the node's {@code idleTimeout} is closed
 * (and with it what host functions hold for it: remote streams, sessions). Without this a pool
 * that once served a burst would keep every instance of it, with their memories and remote
 * state, for the node's whole life.
 *
 * <p>The timeout is the node's {@code WasmConfig.idleTimeout}, read from the first instance
 * returned (every instance of a pool has its node's config). Sweeps run on one daemon thread
 * shared by every pool in the JVM, a few times per timeout (at most every
 * {@link #MAX_SWEEP_PERIOD}), from that first return until {@link #stopSweeping()}; a sweep only
 * looks at the oldest end of the deque, so it costs nothing while no instance is due. Thread-safe: an instance is taken either by a
 * caller ({@link #poll()}) or by a sweep, never both.
 */
final class IdleInstances {
    private static final Logger LOG = LoggerFactory.getLogger(IdleInstances.class);
    private static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(30);
    private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();

    private final ConcurrentLinkedDeque<Idle> deque = new ConcurrentLinkedDeque<>();
    private final LongSupplier nanoClock;
    private volatile long timeoutNanos = Long.MAX_VALUE;
    private volatile ScheduledFuture<?> sweep; // written under this
    private boolean stopped; // guarded by this

    IdleInstances(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void push(GraalWasmInstance instance) {
        if (sweep == null) {
            startSweeping(instance.hostContext().config().idleTimeout());
        }
        deque.push(new Idle(instance, nanoClock.getAsLong()));
    }

    /** The most recently returned instance, or null. */
    GraalWasmInstance poll() {
        Idle idle = deque.poll();
        return idle == null ? null : idle.instance();
    }

    /** Instances idle now (linear in their number, like the deque's own count). */
    int size() {
        return deque.size();
    }

    /** Closes every instance idle for longer than the timeout; returns how many. */
    int closeExpired() {
        int closed = 0;
        for (Idle oldest = deque.peekLast(); oldest != null; oldest = deque.peekLast()) {
            if (nanoClock.getAsLong() - oldest.since() < timeoutNanos) {
                break;
            }
            if (deque.removeLastOccurrence(oldest)) {
                close(oldest.instance());
                closed++;
            }
        }
        return closed;
    }

    /** Ends the periodic sweep, for good; instances still idle are the pool's to close. */
    synchronized void stopSweeping() {
        stopped = true;
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    private synchronized void startSweeping(Duration idleTimeout) {
        if (sweep != null || stopped) {
            return;
        }
        timeoutNanos = idleTimeout.toNanos();
        long period = Math.clamp(timeoutNanos / 4, MIN_SWEEP_PERIOD.toNanos(), MAX_SWEEP_PERIOD.toNanos());
        sweep = SWEEPER.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.NANOSECONDS);
    }

    private static void close(GraalWasmInstance instance) {
        try {
            instance.close();
            RuntimeMetrics.current().instanceDiscarded(instance.module().name(), RuntimeMetrics.DiscardCause.IDLE);
        } catch (RuntimeException e) {
            // A failure must not end the periodic sweep (a scheduled task that throws never runs again).
            LOG.warn("closing an idle instance failed", e);
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hybrid-idle-sweeper-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        sweeper.setRemoveOnCancelPolicy(true);
        return sweeper;
    }

    private record Idle(GraalWasmInstance instance, long since) {
    }
}
