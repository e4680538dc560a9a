package io.hybridwasm.examples.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How much the JVM's compilers worked since the last look: CPU time of Truffle's background
 * compiler threads (they compile the guest) plus HotSpot's JIT compilation time (it compiles the
 * host and gRPC code). A timed round is fair only once both are quiet: a compilation still
 * queued steals CPU from whichever path runs then, and leaves the guest interpreted meanwhile.
 * On a loaded machine a fixed warm-up does not guarantee that, so benches warm up until quiet.
 */
final class CompilerActivity {
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
}
