package io.hybridwasm.examples.vad;

import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.pipeline.Chunk;
import io.hybridwasm.examples.pipeline.Pipeline;
import io.hybridwasm.examples.pipeline.WasmStage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's hybrid VAD example in Java: ten one-second chunks of audio go through a pipeline
 * whose one stage is the {@code intelligent_vad} guest. The guest decides locally when it is
 * sure and asks the remote {@code VoiceActivityDetector} when it is not; every verdict says
 * which. The chunks mix a speech-like signal, silence and low-level noise so that both paths run.
 */
public final class HybridVadExample {
    /** Class-path location of the guest, built from {@code wasm-src/intelligent_vad}. */
    public static final String MODULE_RESOURCE = "modules/intelligent_vad.wasm";
    static final String SERVICE = "VoiceActivityDetector";
    private static final TestSignal[] SCHEDULE = {
        TestSignal.SPEECH, TestSignal.SILENCE, TestSignal.NOISE, TestSignal.SPEECH, TestSignal.NOISE,
        TestSignal.SILENCE, TestSignal.SPEECH, TestSignal.NOISE, TestSignal.SPEECH, TestSignal.SILENCE,
    };
    private static final long MIN_WARM_UP_NANOS = 3_000_000_000L;
    private static final long MAX_WARM_UP_NANOS = 20_000_000_000L;
    private static final long PLATEAU_NANOS = 2_000_000_000L;

    private HybridVadExample() {
    }

    /** One chunk's outcome. */
    public record Row(int chunkId, TestSignal signal, VadVerdict verdict, long micros) {
    }

    /** Runs the example against the server at {@code target}, printing to {@code out}; returns every row. */
    public static List<Row> run(WasmRuntime runtime, String target, PrintStream out) {
        WasmConfig config = WasmConfig.builder(ModuleSource.ofResource(MODULE_RESOURCE, HybridVadExample.class.getClassLoader()))
                .entryFunction("process_with_remote")
                .allowService(SERVICE)
                .remote(RemoteConfig.builder().target(target).build())
                .build();
        List<Row> rows = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline("HybridVADPipeline").add(new WasmStage("HybridVAD", runtime.load(config)))) {
            out.println("Warming up until the JIT has compiled the guest...");
            warmUp(pipeline);
            out.printf(Locale.ROOT, "%-5s %-8s %-9s %-10s %-7s %10s%n", "chunk", "signal", "speech", "confidence", "source", "latency");
            for (int i = 0; i < SCHEDULE.length; i++) {
                TestSignal signal = SCHEDULE[i];
                Chunk in = new Chunk(signal.pcm(1.0, 1000 + i),
                        Map.of("chunk_id", Integer.toString(i), "session_id", "test_session", "signal", signal.name()));
                Chunk result = pipeline.process(in);
                Row row = new Row(i, signal, VadVerdict.parse(result.data()), Long.parseLong(result.meta("HybridVAD.micros")));
                rows.add(row);
                out.printf(Locale.ROOT, "%-5d %-8s %-9s %-10.3f %-7s %8.2f ms%s%n", i, signal.name().toLowerCase(Locale.ROOT),
                        row.verdict().isSpeech(), row.verdict().confidence(), row.verdict().source(), row.micros() / 1000.0,
                        row.verdict().remoteStatus().isPresent() ? "  (remote status " + row.verdict().remoteStatus().getAsInt() + ")" : "");
            }
        }
        printSummary(rows, out);
        return rows;
    }

    /**
     * Runs the schedule until the Graal JIT has compiled the guest and the call path, so the
     * printed latencies are steady-state: at least 3 s, then until rounds over the schedule
     * have stopped getting faster (no round 10% faster than the best for 2 s), at most 20 s.
     * Compilation happens in the background and its timing depends on the machine, hence a
     * plateau rather than a fixed count.
     */
    private static void warmUp(Pipeline pipeline) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < SCHEDULE.length; i++) {
            chunks.add(new Chunk(SCHEDULE[i].pcm(1.0, i), Map.of("warm_up", "true")));
        }
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        long lastImprovement = start;
        while (true) {
            long roundStart = System.nanoTime();
            chunks.forEach(pipeline::process);
            long now = System.nanoTime();
            if (now - roundStart < best * 0.9) {
                best = now - roundStart;
                lastImprovement = now;
            }
            boolean settled = now - start > MIN_WARM_UP_NANOS && now - lastImprovement > PLATEAU_NANOS;
            if (settled || now - start > MAX_WARM_UP_NANOS) {
                return;
            }
        }
    }

    private static void printSummary(List<Row> rows, PrintStream out) {
        List<Row> local = rows.stream().filter(r -> !r.verdict().remote()).toList();
        List<Row> remote = rows.stream().filter(r -> r.verdict().remote()).toList();
        double localMean = meanMillis(local);
        double remoteMean = meanMillis(remote);
        out.printf(Locale.ROOT, "%nProcessed %d chunks: %d decided locally (mean %.2f ms), %d verified remotely (mean %.2f ms)%n",
                rows.size(), local.size(), localMean, remote.size(), remoteMean);
        if (!local.isEmpty() && !remote.isEmpty()) {
            out.printf(Locale.ROOT, "Mean overhead of a remote call: %.2f ms%n", remoteMean - localMean);
        }
    }

    private static double meanMillis(List<Row> rows) {
        return rows.stream().mapToLong(Row::micros).average().orElse(0) / 1000.0;
    }

    /** Runs against {@code args[0]} (HOST:PORT). */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HybridVadExample HOST:PORT   (or: ./hybrid demo)");
            System.exit(2);
        }
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            run(runtime, args[0], System.out);
        }
    }
}
