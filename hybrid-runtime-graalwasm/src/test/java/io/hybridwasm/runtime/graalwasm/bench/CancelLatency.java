package io.hybridwasm.runtime.graalwasm.bench;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * How soon {@code future.cancel(true)} stops a guest spinning in an endless loop (the
 * {@code spin} test guest, callTimeout 10 min so only the cancel can stop it), per round:
 * <ul>
 *   <li><b>cancel: stopped</b>: cancel until the thread that ran the guest stops running (it
 *       has left the guest, closed the discarded instance and waits for the next call);</li>
 *   <li><b>cancel: serving</b>: then a new call until it starts on a fresh instance;</li>
 *   <li>baseline, same mechanism, same run: <b>timeout: stopped</b>, a synchronous call of the
 *       same guest with a 200 ms callTimeout, from its deadline until it threw.</li>
 * </ul>
 * Target (issue 10): stopped within 100 ms of the cancel.
 *
 * <p>{@code mvn -pl hybrid-runtime-graalwasm test-compile exec:exec@cancel-bench}
 */
public final class CancelLatency {
    private static final int WARMUP = 20;
    private static final int ROUNDS = 100;
    private static final Duration TARGET = Duration.ofMillis(100);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(200);
    /** How often the guest thread's state is polled: parks, so the poller leaves the cores to the threads measured. */
    private static final long POLL_NANOS = 50_000;
    private static final byte[] SPIN = "L".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private CancelLatency() {
    }

    public static void main(String[] args) throws Exception {
        Starts starts = new Starts();
        WasmConfig.Builder config = WasmConfig.builder(ModuleSource.ofResource("wasm/spin.wasm", CancelLatency.class.getClassLoader()))
                .maxInstances(1);
        long[] stopped = new long[ROUNDS];
        long[] serving = new long[ROUNDS];
        long[] timedOut = new long[ROUNDS];
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().addHostFunctionProvider(starts).build();
             WasmNode cancelled = runtime.load(config.callTimeout(Duration.ofMinutes(10)).build());
             WasmNode timed = runtime.load(config.callTimeout(SHORT_TIMEOUT).build())) {
            for (int round = -WARMUP; round < ROUNDS; round++) {
                CompletableFuture<byte[]> spinning = cancelled.processAsync(SPIN);
                Thread guestThread = starts.queue.take().thread();
                Thread.sleep(2);
                long cancel = System.nanoTime();
                spinning.cancel(true);
                while (guestThread.getState() == Thread.State.RUNNABLE) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
                long left = System.nanoTime();
                CompletableFuture<byte[]> next = cancelled.processAsync(HELLO);
                long nextStarted = starts.queue.take().nanos();
                next.join();

                long call = System.nanoTime();
                try {
                    timed.process(SPIN);
                    throw new IllegalStateException("the spin guest returned");
                } catch (CallTimeoutException expected) {
                    long overrun = System.nanoTime() - call - SHORT_TIMEOUT.toNanos();
                    if (round >= 0) {
                        timedOut[round] = overrun;
                    }
                }
                replaceInstance(timed);
                starts.queue.clear();
                if (round >= 0) {
                    stopped[round] = left - cancel;
                    serving[round] = nextStarted - left;
                }
            }
            System.out.printf(Locale.ROOT, "processAsync cancel(true) of an endless loop, %d rounds after %d warm-up, %s, load %.1f%n",
                    ROUNDS, WARMUP, runtime.description(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            print("cancel: stopped (cancel -> guest thread idle)", stopped);
            print("cancel: serving (next call -> fresh instance)", serving);
            print("baseline timeout: stopped (deadline -> thrown)", timedOut);
            long withinTarget = Arrays.stream(stopped).filter(nanos -> nanos <= TARGET.toNanos()).count();
            System.out.printf(Locale.ROOT, "cancel-to-stop p50 / timeout-to-stop p50: %.2f; stopped within %d ms: %d of %d rounds (p99 %.2f ms: %s)%n",
                    (double) percentile(stopped, 50) / percentile(timedOut, 50), TARGET.toMillis(), withinTarget, ROUNDS,
                    percentile(stopped, 99) / 1e6, percentile(stopped, 99) <= TARGET.toNanos() ? "met" : "NOT met");
        }
    }

    /** Lets the timed node create the successor of its discarded instance outside the measured call. */
    private static void replaceInstance(WasmNode timed) {
        for (int attempt = 1; ; attempt++) {
            try {
                timed.process(HELLO);
                return;
            } catch (CallTimeoutException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void print(String what, long[] nanos) {
        System.out.printf(Locale.ROOT, "  %-48s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", what,
                percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, percentile(nanos, 100) / 1e6);
    }

    private static long percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private record Start(Thread thread, long nanos) {
    }

    /** {@code test.started()}: the spin guest's call telling which thread runs it, and when. */
    private static final class Starts extends HostFunctionProvider {
        final BlockingQueue<Start> queue = new LinkedBlockingQueue<>();

        @Override
        public String name() {
            return "cancel-latency";
        }

        @Override
        public List<HostFunction> functions() {
            return List.of(HostFunction.ofInts("test", "started", 0, (call, args) -> {
                queue.add(new Start(Thread.currentThread(), System.nanoTime()));
                return 0;
            }));
        }
    }
}
