package io.hybridwasm.examples.soak;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The hang check: one slot per caller holding the call in progress. A scanning thread claims
 * every call older than the limit and counts it unanswered; the caller, when its call returns,
 * claims its own slot back, and only if that succeeds does the answer count. Both claim with
 * compare-and-set, so each call is counted exactly once. The first few calls given up on are
 * printed with the caller's stack at that moment: where it hangs is the bug report.
 */
final class Watchdog implements AutoCloseable {
    private static final long SCAN_MILLIS = 200;

    private static final int HANGS_SHOWN = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record InFlight(CallKind kind, Tally tally, long startNanos, Thread caller) {
    }

    private final AtomicReferenceArray<InFlight> slots;
    private final long limitNanos;
    private final PrintStream out;
    private final AtomicInteger hangsShown = new AtomicInteger();
    private final Thread scanner;
    private volatile boolean running = true;

    Watchdog(int callers, Duration limit, PrintStream out) {
        this.slots = new AtomicReferenceArray<>(callers);
        this.limitNanos = limit.toNanos();
        this.out = out;
        this.scanner = Thread.ofPlatform().daemon().name("soak-watchdog").start(this::scanUntilClosed);
    }

    /** Caller {@code caller} starts a call counted in {@code tally}; returns the ticket to hand to {@link #finish}. */
    Object start(int caller, CallKind kind, Tally tally) {
        InFlight call = new InFlight(kind, tally, System.nanoTime(), Thread.currentThread());
        tally.made(kind);
        slots.set(caller, call);
        return call;
    }

    /** Whether the call still counts as answered: false when the watchdog already gave up on it. */
    boolean finish(int caller, Object ticket) {
        return slots.compareAndSet(caller, (InFlight) ticket, null);
    }

    /** Counts every call now older than the limit as unanswered. */
    void scan() {
        long now = System.nanoTime();
        for (int i = 0; i < slots.length(); i++) {
            InFlight call = slots.get(i);
            if (call != null && now - call.startNanos() > limitNanos && slots.compareAndSet(i, call, null)) {
                call.tally().unanswered(call.kind());
                showHang(call, now);
            }
        }
    }

    private void showHang(InFlight call, long now) {
        if (hangsShown.incrementAndGet() > HANGS_SHOWN) {
            return;
        }
        Thread caller = call.caller();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "soak: unanswered %s call on %s after %.2fs; its stack:%n",
                call.kind().label(), caller.getName(), (now - call.startNanos()) / 1e9));
        appendStack(text, caller.getStackTrace());
        // A caller blocked on a monitor or lock: who holds it, and where that thread is, is the other half of the report.
        ThreadInfo info = THREADS.getThreadInfo(new long[] {caller.threadId()}, true, true)[0];
        if (info != null && info.getLockName() != null) {
            text.append(String.format(Locale.ROOT, "  %s waits (%s) on %s held by %s%n", caller.getName(), info.getThreadState(),
                    info.getLockName(), info.getLockOwnerName() == null ? "no thread" : info.getLockOwnerName()));
            ThreadInfo owner = info.getLockOwnerId() < 0 ? null : THREADS.getThreadInfo(info.getLockOwnerId(), Integer.MAX_VALUE);
            if (owner != null) {
                text.append("  its holder's stack:").append(System.lineSeparator());
                appendStack(text, owner.getStackTrace());
            }
        }
        out.print(text);
    }

    private static void appendStack(StringBuilder text, StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            text.append("    at ").append(frame).append(System.lineSeparator());
        }
    }

    private void scanUntilClosed() {
        while (running) {
            scan();
            try {
                Thread.sleep(SCAN_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        scanner.interrupt();
        scan();
    }
}
