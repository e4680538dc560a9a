package io.hybridwasm.examples.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many concurrent callers of {@code Echo} (1 KiB): bare grpc-java blocking stubs on one channel
 * (the baseline) and a WASM guest ({@code remote_patterns}, {@code call_service_raw}) through the
 * bridge, each caller on its own thread. Rounds alternate between the two paths so that machine
 * drift hits both; prints calls/s, p50 and p99 of each, WASM / bare, and the process CPU time per
 * call of each path (the server runs in this JVM, so that is all the work of a call).
 */
public final class ThroughputBench {
    private static final String GUEST = "modules/remote_patterns.wasm";
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
    /** After the warm-up, both paths alternate in windows of this length until the compilers are quiet. */
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(1);

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String target;
    private final int callers;
    private final int payloadBytes;
    private final Duration warmUp;
    private final Duration round;
    private final int rounds;
    private final PrintStream out;

    /** @param warmUp per path, before the timed rounds: Truffle compiles the guest meanwhile */
    public ThroughputBench(String target, int callers, int payloadBytes, Duration warmUp, Duration round, int rounds,
                           PrintStream out) {
        this.target = target;
        this.callers = callers;
        this.payloadBytes = payloadBytes;
        this.warmUp = warmUp;
        this.round = round;
        this.rounds = rounds;
        this.out = out;
    }

    private interface Call {
        int call();
    }

    /**
     * @param cpuNanos       CPU time of the whole process (callers, transport, server) over the window
     * @param callerCpuNanos CPU time of the caller threads alone (their user and kernel time)
     * @param callerBytes    heap the caller threads allocated
     */
    private record Result(long calls, long nanos, Latencies latencies, long cpuNanos, long callerCpuNanos,
                          long callerBytes) {
        double perSecond() {
            return calls * 1e9 / nanos;
        }

        double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / calls;
        }

        double callerCpuMicrosPerCall() {
            return callerCpuNanos / 1e3 / calls;
        }

        double callerBytesPerCall() {
            return (double) callerBytes / calls;
        }
    }

    public void run(WasmRuntime runtime) throws InterruptedException {
        byte[] payload = new byte[payloadBytes];
        new Random(1).nextBytes(payload);
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        WasmConfig wasm = WasmConfig.builder(ModuleSource.ofResource(GUEST, ThroughputBench.class.getClassLoader()))
                .entryFunction("call_service_raw").allowService("Echo").maxInstances(callers)
                .callTimeout(CALL_DEADLINE)
                // The bare stub's deadline: a loaded machine must not fail one path and not the other.
                .remote(RemoteConfig.builder().target(target).deadline(CALL_DEADLINE).build())
                .build();
        byte[] guestInput = concat(("Echo\n" + payloadBytes + "\n").getBytes(StandardCharsets.US_ASCII), payload);
        try (WasmNode node = runtime.load(wasm)) {
            RemoteExecutionGrpc.RemoteExecutionBlockingStub stub = RemoteExecutionGrpc.newBlockingStub(channel);
            ExecuteRequest request = ExecuteRequest.newBuilder().setService("Echo")
                    .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(payload)))
                    .build();
            Call bare = () -> stub.withDeadlineAfter(CALL_DEADLINE.toNanos(), TimeUnit.NANOSECONDS).execute(request).getOutput().getData().size();
            Call guest = () -> node.process(guestInput).length;
            check("bare grpc-java", bare.call());
            check("WASM guest", guest.call());
            out.printf(Locale.ROOT, "Echo %d B, %d callers, to %s; %d rounds of %s per path after %s of warm-up each; %s%n",
                    payloadBytes, callers, target, rounds, round, warmUp, runtime.description());
            drive(bare, warmUp);
            drive(guest, warmUp);
            settle(bare, guest);
            List<Result> bareResults = new ArrayList<>();
            List<Result> wasmResults = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                bareResults.add(drive(bare, round));
                wasmResults.add(drive(guest, round));
            }
            Result b = merge(bareResults);
            Result w = merge(wasmResults);
            print("bare grpc-java", b, b);
            print("WASM via bridge", w, b);
            out.printf(Locale.ROOT, "  per round WASM / bare calls/s: %s%n", perRound(wasmResults, bareResults));
            // Both paths saturate the same cores, so calls/s is cores / CPU per call: the CPU ratio is
            // the calls/s ratio a machine with nothing else running would show, less noisy under load.
            out.printf(Locale.ROOT, "  process CPU per call: bare %.1f µs, WASM %.1f µs; bare / WASM %.2fx%n",
                    b.cpuMicrosPerCall(), w.cpuMicrosPerCall(), b.cpuMicrosPerCall() / w.cpuMicrosPerCall());
            // Where the difference is: the caller threads (the guest, the bridge, the gRPC client
            // call they make) or everything else (event loops, server workers, JIT, GC).
            out.printf(Locale.ROOT, "    of which caller threads: bare %.1f µs, WASM %.1f µs; the rest: bare %.1f µs, WASM %.1f µs%n",
                    b.callerCpuMicrosPerCall(), w.callerCpuMicrosPerCall(),
                    b.cpuMicrosPerCall() - b.callerCpuMicrosPerCall(), w.cpuMicrosPerCall() - w.callerCpuMicrosPerCall());
            // Unlike time, allocation does not move with the machine's load.
            out.printf(Locale.ROOT, "  heap allocated per call by the caller threads: bare %.0f B, WASM %.0f B%n",
                    b.callerBytesPerCall(), w.callerBytesPerCall());
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Alternates both paths until the JIT and Truffle compilers are quiet (a compilation still
     * queued would leave the guest interpreted and steal CPU from the round it falls in).
     */
    private void settle(Call bare, Call guest) throws InterruptedException {
        CompilerActivity.settle(() -> {
            drive(bare, SETTLE_WINDOW);
            drive(guest, SETTLE_WINDOW);
        }, "both paths", out);
    }

    private Result drive(Call call, Duration length) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Latencies[] perThread = new Latencies[callers];
        long[] counts = new long[callers];
        long[] callerCpu = new long[callers];
        long[] callerBytes = new long[callers];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread[] threads = new Thread[callers];
        long[] window = new long[2];
        for (int i = 0; i < callers; i++) {
            int id = i;
            perThread[i] = new Latencies();
            threads[i] = Thread.ofPlatform().name("bench-caller-" + i).start(() -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long bytesStart = THREADS.getCurrentThreadAllocatedBytes();
                try {
                    start.await();
                    long end = window[1];
                    while (true) {
                        long t = System.nanoTime();
                        if (t >= end) {
                            break;
                        }
                        int n = call.call();
                        perThread[id].record(System.nanoTime() - t);
                        counts[id]++;
                        if (n != payloadBytes) {
                            throw new IllegalStateException("echoed " + n + " bytes, expected " + payloadBytes);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    callerCpu[id] = THREADS.getCurrentThreadCpuTime() - cpuStart;
                    callerBytes[id] = THREADS.getCurrentThreadAllocatedBytes() - bytesStart;
                }
            });
        }
        long cpuBefore = PROCESS.getProcessCpuTime();
        window[0] = System.nanoTime();
        window[1] = window[0] + length.toNanos();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - window[0];
        long cpu = PROCESS.getProcessCpuTime() - cpuBefore;
        if (failure.get() != null) {
            throw failure.get();
        }
        Latencies all = new Latencies();
        for (Latencies l : perThread) {
            l.addTo(all);
        }
        return new Result(Arrays.stream(counts).sum(), elapsed, all, cpu, Arrays.stream(callerCpu).sum(),
                Arrays.stream(callerBytes).sum());
    }

    private static Result merge(List<Result> results) {
        Latencies all = new Latencies();
        long calls = 0;
        long nanos = 0;
        long cpu = 0;
        long callerCpu = 0;
        long callerBytes = 0;
        for (Result r : results) {
            r.latencies().addTo(all);
            calls += r.calls();
            nanos += r.nanos();
            cpu += r.cpuNanos();
            callerCpu += r.callerCpuNanos();
            callerBytes += r.callerBytes();
        }
        return new Result(calls, nanos, all, cpu, callerCpu, callerBytes);
    }

    private void print(String name, Result r, Result base) {
        out.printf(Locale.ROOT, "  %-16s %9.0f calls/s   p50 %7.1f µs   p99 %8.1f µs   calls/s %.2fx baseline%n", name,
                r.perSecond(), r.latencies().percentileMicros(50), r.latencies().percentileMicros(99),
                r.perSecond() / base.perSecond());
    }

    private static String perRound(List<Result> wasm, List<Result> bare) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < wasm.size(); i++) {
            s.append(String.format(Locale.ROOT, "%s%.2f", i == 0 ? "" : " ", wasm.get(i).perSecond() / bare.get(i).perSecond()));
        }
        return s.toString();
    }

    private void check(String path, int n) {
        if (n != payloadBytes) {
            throw new IllegalStateException(path + " echoed " + n + " bytes, expected " + payloadBytes);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
