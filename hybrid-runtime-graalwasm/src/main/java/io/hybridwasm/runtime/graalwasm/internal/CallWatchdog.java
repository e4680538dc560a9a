package io.hybridwasm.runtime.graalwasm.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interrupts guest calls that outlive their deadline. One per runtime: two daemon threads
 * serve every node, and no task blocks them for long (an interrupt that cannot complete
 * within {@link #ATTEMPT} is retried later instead of waited for).
 *
 * <p>Calls are not scheduled one by one: scheduling and cancelling a timer per call woke the
 * watchdog thread on every call (tens of thousands of context switches a second, a third of a
 * short call's time). Instead a call registers its deadline in a set that a ticker scans every
 * {@link #TICK_NANOS}; a deadline is therefore honoured within one tick. The ticker stops after
 * {@link #IDLE_NANOS} without calls and restarts with the next one.
 */
public final class CallWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);
    private static final Duration ATTEMPT = Duration.ofMillis(100);
    private static final long RETRY_MILLIS = 50;
    private static final long SETTLE_SECONDS = 2;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<Watch> active = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> ticker; // written under this
    private long lastBusyNanos;

    public CallWatchdog() {
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "hybrid-graalwasm-watchdog-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        scheduler = new ScheduledThreadPoolExecutor(2, factory);
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts watching a call on {@code instance} that must end within {@code remainingNanos}. */
    public Watch watch(GraalWasmInstance instance, long remainingNanos) {
        Watch watch = new Watch(instance, System.nanoTime() + Math.max(0, remainingNanos));
        active.add(watch);
        // No lock while the ticker runs: every caller of every node passes here. A ticker that
        // stops meanwhile sees this watch when it checks the set again (see tick).
        if (ticker == null) {
            synchronized (this) {
                startTicker();
            }
        }
        return watch;
    }

    /** Starts the ticker unless it runs; holds this. */
    private void startTicker() {
        if (ticker == null && !scheduler.isShutdown()) {
            lastBusyNanos = System.nanoTime();
            ticker = scheduler.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (active.isEmpty()) {
            synchronized (this) {
                if (active.isEmpty() && now - lastBusyNanos > IDLE_NANOS && ticker != null) {
                    ticker.cancel(false);
                    ticker = null;
                    if (!active.isEmpty()) {
                        // A call registered after the check above and still saw the old ticker.
                        startTicker();
                    }
                }
            }
            return;
        }
        synchronized (this) {
            lastBusyNanos = now;
        }
        for (Watch watch : active) {
            if (now - watch.deadlineNanos >= 0 && active.remove(watch)) {
                watch.fire();
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One watched call. */
    public final class Watch {
        private static final int ARMED = 0;
        private static final int DONE = 1;
        private static final int FIRED = 2;

        private final GraalWasmInstance instance;
        private final long deadlineNanos;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private final CountDownLatch settled = new CountDownLatch(1);
        private volatile boolean callerReturned;

        private Watch(GraalWasmInstance instance, long deadlineNanos) {
            this.instance = instance;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * Ends the watch; called by the caller's thread once the guest returned or failed.
         *
         * @return whether the deadline passed and the guest was interrupted: the instance must
         *         then be discarded
         */
        public boolean end() {
            if (state.compareAndSet(ARMED, DONE)) {
                active.remove(this);
                return false;
            }
            callerReturned = true;
            boolean interrupted = false;
            try {
                interrupted = !settled.await(SETTLE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            // Context.interrupt also interrupts the Java thread; that flag belongs to us, not the caller.
            Thread.interrupted();
            if (interrupted) {
                LOG.debug("interrupt of instance {} did not settle", instance.id());
            }
            return true;
        }

        /**
         * Interrupts the guest now instead of at the deadline (its call was cancelled); the
         * caller's {@link #end()} then reports it interrupted. No-op once the watch ended or fired.
         */
        public void interruptNow() {
            if (active.remove(this)) {
                try {
                    scheduler.execute(this::fire);
                } catch (RejectedExecutionException e) {
                    LOG.debug("runtime closing; not interrupting instance {}", instance.id());
                }
            }
        }

        private void fire() {
            if (state.compareAndSet(ARMED, FIRED)) {
                attempt();
            }
        }

        private void attempt() {
            try {
                instance.interrupt(ATTEMPT);
                settled.countDown();
            } catch (TimeoutException e) {
                if (callerReturned || scheduler.isShutdown()) {
                    settled.countDown();
                } else {
                    scheduler.schedule(this::attempt, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                LOG.debug("interrupting instance {} failed", instance.id(), e);
                settled.countDown();
            }
        }
    }
}
