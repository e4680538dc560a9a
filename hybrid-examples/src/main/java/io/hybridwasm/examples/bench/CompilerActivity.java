package io.hybridwasm.examples.bench;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much the JVM's compilers worked since the last look: CPU time of Truffle's background
 * compiler threads (they compile the guest) plus HotSpot's JIT compilation time (it compiles the
 * host and gRPC code). A timed round is fair only once both are quiet: a compilation still
 * queued steals CPU from whichever path runs then, and leaves the guest interpreted meanwhile.
 * On a loaded machine a fixed warm-up does not guarantee that, so benches warm up until quiet.
 */
final class CompilerActivity {
    /** Compiler time within one look that counts as quiet: 100 ms, 5 % of one core over 2 s. */
    static final Duration QUIET = Duration.ofMillis(100);
    /** A starved machine may never quiet down: {@link #settle} gives up after this long. */
    static final Duration MAX_SETTLE = Duration.ofSeconds(60);
    private static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final Map<Long, Long> truffleCpuNanos = new HashMap<>();
    private long jitMillis;

    CompilerActivity() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        busySinceLastLook();
    }

    /**
     * Compiler time since the previous call (or construction). Truffle's threads count their CPU
     * time; a compiler thread that ended meanwhile loses only its last slice.
     */
    Duration busySinceLastLook() {
        long busyNanos = 0;
        if (threads.isThreadCpuTimeSupported()) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null || !info.getThreadName().startsWith(TRUFFLE_COMPILER_THREAD)) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu < 0) {
                    continue;
                }
                Long before = truffleCpuNanos.put(info.getThreadId(), cpu);
                busyNanos += cpu - (before == null ? 0 : before);
            }
        }
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            long now = jit.getTotalCompilationTime();
            busyNanos += Duration.ofMillis(now - jitMillis).toNanos();
            jitMillis = now;
        }
        return Duration.ofNanos(busyNanos);
    }

    /** One round of a bench's paths, run again until the compilers are quiet. */
    interface Round {
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code round} again and again until one ends with the compilers quiet (at most
     * {@link #QUIET} of compiling during it), or {@link #MAX_SETTLE} passed, and prints which to
     * {@code out} ("compilers quiet after N s more of {@code paths} ..."). Returns the meter, read
     * last at the end of the settling, so the caller can ask what the compilers did after it.
     */
    static CompilerActivity settle(Round round, String paths, PrintStream out) throws InterruptedException {
        CompilerActivity compilers = new CompilerActivity();
        long start = System.nanoTime();
        Duration busy;
        long roundNanos;
        do {
            long roundStart = System.nanoTime();
            round.run();
            roundNanos = System.nanoTime() - roundStart;
            busy = compilers.busySinceLastLook();
        } while (busy.compareTo(QUIET) > 0 && System.nanoTime() - start < MAX_SETTLE.toNanos());
        out.printf(Locale.ROOT, "  compilers %s after %.0f s more of %s (%d ms compiling in the last %.0f s)%n",
                busy.compareTo(QUIET) > 0 ? "still busy" : "quiet", (System.nanoTime() - start) / 1e9, paths,
                busy.toMillis(), roundNanos / 1e9);
        return compilers;
    }
}
