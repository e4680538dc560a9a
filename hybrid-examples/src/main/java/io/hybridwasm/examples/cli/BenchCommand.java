package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.bench.BatchCallBench;
import io.hybridwasm.examples.bench.MethodCallBench;
import io.hybridwasm.examples.bench.GuestBench;
import io.hybridwasm.examples.bench.GuestWorkload;
import io.hybridwasm.examples.bench.NodesBench;
import io.hybridwasm.examples.bench.StreamBench;
import io.hybridwasm.examples.bench.ThroughputBench;
import io.hybridwasm.examples.bench.RemoteCallBench;
import io.hybridwasm.examples.bench.SileroVadBench;
import io.hybridwasm.examples.bench.VadKernelBench;
import io.hybridwasm.services.HybridServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code hybrid bench}: measurements that print ratios against a baseline taken in the same
 * run. Not tests: timings never fail a build.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print ratios against a baseline measured in the same run.")
final class BenchCommand {
    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    @Command(name = "remote", mixinStandardHelpOptions = true, description = "Echo 64000 B: bare grpc-java vs RemoteExecutionClient vs WASM through the bridge.")
    int remote(
            @Option(names = "--remote", paramLabel = "HOST:PORT",
                    description = "Server to call; default: an embedded server on a free loopback port (same JVM).")
            String remote,
            @Option(names = "--warmup", defaultValue = "8s", converter = DurationConverter.class,
                    description = "Warm-up per path (default: ${DEFAULT-VALUE}).") Duration warmUp,
            @Option(names = "--calls", defaultValue = "8000",
                    description = "Timed calls per path (default: ${DEFAULT-VALUE}).") int calls,
            @Mixin TelemetryOptions telemetry) throws Exception {
        try (Telemetry _ = telemetry.start(); WasmRuntime runtime = Hybrid.newRuntime()) {
            if (remote != null) {
                new RemoteCallBench(remote, warmUp, calls, out).run(runtime);
                return 0;
            }
            try (HybridServer server = HybridServer.builder().port(0).build().start()) {
                out.println("Embedded server in this JVM (use --remote with `hybrid serve` in another JVM to separate them)");
                new RemoteCallBench("127.0.0.1:" + server.port(), warmUp, calls, out).run(runtime);
            }
        }
        return 0;
    }

    @Command(name = "method", mixinStandardHelpOptions = true, description = "inventory.v1.Stock/Reserve, 1 KiB JSON: bare grpc-java stubs vs bridge client (+proto, JSON) vs WASM guest, by method name.")
    int method(
            @Option(names = "--warmup", defaultValue = "8s", converter = DurationConverter.class,
                    description = "Warm-up per path (default: ${DEFAULT-VALUE}).") Duration warmUp,
            @Option(names = "--calls", defaultValue = "8000",
                    description = "Timed calls per path (default: ${DEFAULT-VALUE}).") int calls) throws Exception {
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            new MethodCallBench(warmUp, calls, out).run(runtime);
        }
        return 0;
    }

    @Command(name = "vad", mixinStandardHelpOptions = true, description = "The intelligent_vad kernel on 1 s of audio: Graal JIT vs the Truffle interpreter.")
    int vad(
            @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
                    description = "Warm-up of the JIT-compiled runtime (default: ${DEFAULT-VALUE}).") Duration warmUp,
            @Option(names = "--calls", defaultValue = "200",
                    description = "Timed calls on the JIT-compiled runtime (default: ${DEFAULT-VALUE}).") int calls) {
        new VadKernelBench(warmUp, calls, out).run();
        return 0;
    }

    @Command(name = "batch", mixinStandardHelpOptions = true, description = "8 x Sleep 50 ms from one guest: one call_remote_batch vs one call after another.")
    int batch(
            @Option(names = "--remote", paramLabel = "HOST:PORT",
                    description = "Server to call (needs >= 8 workers); default: an embedded server with 16 workers.")
            String remote,
            @Option(names = "--guest", defaultValue = "parity_rust",
                    description = "Parity guest: parity_rust, parity_c or parity_as (default: ${DEFAULT-VALUE}).")
            String guest,
            @Option(names = "--rounds", defaultValue = "20",
                    description = "Timed rounds (default: ${DEFAULT-VALUE}).") int rounds) throws Exception {
        if (!guest.matches("parity_(rust|c|as)")) {
            throw new IllegalArgumentException("--guest " + guest + ": expected parity_rust, parity_c or parity_as");
        }
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            if (remote != null) {
                new BatchCallBench(remote, guest, rounds, out).run(runtime);
                return 0;
            }
            try (HybridServer server = HybridServer.builder().port(0).workerThreads(16).diagnostics(true).build().start()) {
                new BatchCallBench("127.0.0.1:" + server.port(), guest, rounds, out).run(runtime);
            }
        }
        return 0;
    }

    @Command(name = "silero", mixinStandardHelpOptions = true, aliases = "remote-vad",
            description = "The remote VoiceActivityDetector (Silero VAD v4) on one thread: real-time factor, next to the DSP detector.")
    int silero(
            @Option(names = "--seconds", defaultValue = "60",
                    description = "Seconds of audio per round (default: ${DEFAULT-VALUE}).") double seconds,
            @Option(names = "--chunk", defaultValue = "500ms", converter = DurationConverter.class,
                    description = "Chunk per call (default: ${DEFAULT-VALUE}).") Duration chunk,
            @Option(names = "--rounds", defaultValue = "3",
                    description = "Timed rounds per path; the median is shown (default: ${DEFAULT-VALUE}).") int rounds) {
        new SileroVadBench(seconds, chunk.toNanos() / 1e9, rounds, out).run();
        return 0;
    }

    @Command(name = "guest", mixinStandardHelpOptions = true, description = "A guest's entry in Node's V8 and in Hybrid, same input, same run: p50/p99 and the ratio.")
    int guest(
            @Option(names = "--module", description = "Guest module (default: the committed intelligent_vad.wasm).") Path module,
            @Option(names = "--entry", defaultValue = "process", description = "Entry function (default: ${DEFAULT-VALUE}).") String entry,
            @Option(names = "--input", description = "Input file (default: 64000 B and 1280 B of speech PCM).") Path input,
            @Option(names = "--warmup", defaultValue = "20s", converter = DurationConverter.class,
                    description = "Hybrid's warm-up per input; V8's stops at a plateau, at most this (default: ${DEFAULT-VALUE}).") Duration warmUp,
            @Option(names = "--calls", defaultValue = "5000", description = "Timed calls per side (default: ${DEFAULT-VALUE}).") int calls)
            throws Exception {
        new GuestBench(GuestWorkload.of(module, entry, input), warmUp, calls, out).run();
        return 0;
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true, description = "Many nodes of one module in one runtime: load + first call per node, heap per idle node.")
    int nodes(
            @Option(names = "--module", description = "Guest module (default: the committed intelligent_vad.wasm).") Path module,
            @Option(names = "--entry", defaultValue = "process", description = "Entry function (default: ${DEFAULT-VALUE}).") String entry,
            @Option(names = "--input", description = "Input of the first call (default: 1280 B of speech PCM).") Path input,
            @Option(names = "--nodes", defaultValue = "400", description = "Nodes to load (default: ${DEFAULT-VALUE}).") int count,
            @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
                    description = "Calls on the first node before the others load, at least (default: ${DEFAULT-VALUE});"
                            + " then on until the guest is compiled, at most 60 s.") Duration warmUp) {
        new NodesBench(GuestWorkload.of(module, entry, input), count, warmUp, out).run();
        return 0;
    }

    @Command(name = "throughput", mixinStandardHelpOptions = true, description = "N concurrent callers of Echo: bare grpc-java blocking stubs vs a WASM guest, same run.")
    int throughput(
            @Option(names = "--remote", paramLabel = "HOST:PORT",
                    description = "Server to call; default: an embedded server on a free loopback port (same JVM).") String remote,
            @Option(names = "--callers", defaultValue = "64", description = "Concurrent callers (default: ${DEFAULT-VALUE}).") int callers,
            @Option(names = "--size", defaultValue = "1024", description = "Payload bytes (default: ${DEFAULT-VALUE}).") int size,
            @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
                    description = "Warm-up per path (default: ${DEFAULT-VALUE}).") Duration warmUp,
            @Option(names = "--round", defaultValue = "4s", converter = DurationConverter.class,
                    description = "Length of one round (default: ${DEFAULT-VALUE}).") Duration round,
            @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per path (default: ${DEFAULT-VALUE}).") int rounds)
            throws Exception {
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            if (remote != null) {
                new ThroughputBench(remote, callers, size, warmUp, round, rounds, out).run(runtime);
                return 0;
            }
            try (HybridServer server = HybridServer.builder().port(0).build().start()) {
                new ThroughputBench("127.0.0.1:" + server.port(), callers, size, warmUp, round, rounds, out).run(runtime);
            }
        }
        return 0;
    }

    @Command(name = "stream", mixinStandardHelpOptions = true, description = "64000 B chunks to Echo: a bare grpc-java bidi stream vs stream_to_remote from a guest.")
    int stream(
            @Option(names = "--chunks", defaultValue = "512", description = "Chunks per round (default: ${DEFAULT-VALUE}).") int chunks,
            @Option(names = "--rounds", defaultValue = "8", description = "Timed rounds per path (default: ${DEFAULT-VALUE}).") int rounds)
            throws Exception {
        try (WasmRuntime runtime = Hybrid.newRuntime();
             HybridServer server = HybridServer.builder().port(0).build().start()) {
            new StreamBench("127.0.0.1:" + server.port(), () -> server.stats().streamBytes("Echo"), 64_000, chunks, rounds, out)
                    .run(runtime);
        }
        return 0;
    }
}
