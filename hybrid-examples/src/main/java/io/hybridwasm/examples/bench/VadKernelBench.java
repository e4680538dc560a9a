package io.hybridwasm.examples.bench;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.vad.VadVerdict;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code intelligent_vad} guest's local kernel ({@code process}) on one second of audio,
 * on two runtimes in the same JVM: GraalWasm with the Graal JIT, and with compilation switched
 * off (the Truffle interpreter — what an application gets when the JIT flags are missing).
 */
public final class VadKernelBench {
    private static final String GUEST = "modules/intelligent_vad.wasm";
    private static final Duration INTERPRETER_BUDGET = Duration.ofSeconds(20);

    private final Duration warmUp;
    private final int calls;
    private final PrintStream out;

    public VadKernelBench(Duration warmUp, int calls, PrintStream out) {
        this.warmUp = warmUp;
        this.calls = calls;
        this.out = out;
    }

    /** Returns the ratio of the interpreter's median time to the JIT's. */
    public double run() {
        byte[] second = TestSignal.SPEECH.pcm(1.0, 42);
        WasmConfig config = WasmConfig.builder(ModuleSource.ofResource(GUEST, VadKernelBench.class.getClassLoader()))
                .maxInstances(1).callTimeout(Duration.ofMinutes(2)).build();
        Latencies jit;
        String jitEngine;
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().build(); WasmNode node = runtime.load(config)) {
            jitEngine = runtime.description();
            check(node.process(second));
            long until = System.nanoTime() + warmUp.toNanos();
            while (System.nanoTime() < until) {
                node.process(second);
            }
            jit = time(node, second, calls, Duration.ofMinutes(5));
        }
        Latencies interpreted;
        String interpreterEngine;
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().compilation(false).allowInterpreter(true).build();
             WasmNode node = runtime.load(config)) {
            interpreterEngine = runtime.description();
            check(node.process(second));
            interpreted = time(node, second, Math.max(3, calls / 20), INTERPRETER_BUDGET);
        }
        double ratio = interpreted.percentileMicros(50) / jit.percentileMicros(50);
        out.printf(Locale.ROOT, "intelligent_vad `process` on 1 s of 16 kHz audio (%d bytes)%n", second.length);
        out.printf(Locale.ROOT, "  JIT          %s   [%s, warm-up %s]%n", jit.summary(), jitEngine, warmUp);
        out.printf(Locale.ROOT, "  interpreter  %s   [%s]%n", interpreted.summary(), interpreterEngine);
        out.printf(Locale.ROOT, "  interpreter / JIT p50: %.1fx%n", ratio);
        return ratio;
    }

    private static Latencies time(WasmNode node, byte[] input, int n, Duration budget) {
        Latencies l = new Latencies();
        long stopAt = System.nanoTime() + budget.toNanos();
        for (int i = 0; i < n && (i < 3 || System.nanoTime() < stopAt); i++) {
            long start = System.nanoTime();
            node.process(input);
            l.record(System.nanoTime() - start);
        }
        return l;
    }

    private static void check(byte[] output) {
        if (!VadVerdict.parse(output).isSpeech()) {
            throw new IllegalStateException("the kernel did not recognise the speech signal: " + new String(output));
        }
    }
}
