package io.hybridwasm.examples.bench;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code env.call_remote_batch} buys: eight calls to {@code Sleep} 50 ms from one guest,
 * as one batch versus one after another (the baseline, ~400 ms), through the same parity guest
 * in the same run; rounds alternate between the two. The server needs at least eight workers
 * for the batch to overlap fully.
 */
public final class BatchCallBench {
    private static final int CALLS = 8;
    private static final String SLEEP_MILLIS = "50";

    private final String target;
    private final String guest;
    private final int rounds;
    private final PrintStream out;

    /** @param guest a parity guest: {@code parity_rust}, {@code parity_c} or {@code parity_as} */
    public BatchCallBench(String target, String guest, int rounds, PrintStream out) {
        this.target = target;
        this.guest = guest;
        this.rounds = rounds;
        this.out = out;
    }

    public void run(WasmRuntime runtime) {
        ModuleSource module = ModuleSource.ofResource("modules/" + guest + ".wasm", BatchCallBench.class.getClassLoader());
        RemoteConfig remote = RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(10)).build();
        byte[] batch = ("Sleep\t16\t" + SLEEP_MILLIS + "\n").repeat(CALLS).getBytes(StandardCharsets.UTF_8);
        byte[] single = ("Sleep\n16\n1\n" + SLEEP_MILLIS).getBytes(StandardCharsets.UTF_8);
        String expected = "batch 0\n" + ("0 2 " + SLEEP_MILLIS + "\n").repeat(CALLS);
        Latencies batched = new Latencies();
        Latencies sequential = new Latencies();
        try (WasmNode batchNode = runtime.load(config(module, "batch", remote));
             WasmNode callNode = runtime.load(config(module, "call", remote))) {
            for (int round = -2; round < rounds; round++) { // two rounds of warm-up
                long start = System.nanoTime();
                String answer = new String(batchNode.process(batch), StandardCharsets.UTF_8);
                long batchNanos = System.nanoTime() - start;
                if (!answer.equals(expected)) {
                    throw new IllegalStateException("the batch answered " + answer.strip().replace('\n', '|'));
                }
                start = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    callNode.process(single);
                }
                long sequentialNanos = System.nanoTime() - start;
                if (round >= 0) {
                    batched.record(batchNanos);
                    sequential.record(sequentialNanos);
                }
            }
        }
        out.printf(Locale.ROOT, "%d x Sleep %s ms from guest %s at %s, %d rounds%n", CALLS, SLEEP_MILLIS, guest, target,
                rounds);
        out.printf(Locale.ROOT, "  one after another  p50 %6.1f ms   p99 %6.1f ms%n",
                sequential.percentileMicros(50) / 1000, sequential.percentileMicros(99) / 1000);
        out.printf(Locale.ROOT, "  one batch          p50 %6.1f ms   p99 %6.1f ms   (%.2fx faster at p50)%n",
                batched.percentileMicros(50) / 1000, batched.percentileMicros(99) / 1000,
                sequential.percentileMicros(50) / batched.percentileMicros(50));
    }

    private static WasmConfig config(ModuleSource module, String entry, RemoteConfig remote) {
        return WasmConfig.builder(module).entryFunction(entry).allowService("Sleep").maxInstances(1)
                .callTimeout(Duration.ofSeconds(30)).remote(remote).build();
    }
}
