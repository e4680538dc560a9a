package io.hybridwasm.runtime.graalwasm.bench;

import com.sun.management.ThreadMXBean;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.internal.CallWatchdog;
import io.hybridwasm.runtime.graalwasm.internal.GraalEngines;
import io.hybridwasm.runtime.graalwasm.internal.GraalWasmNode;
import io.hybridwasm.runtime.graalwasm.internal.HostImports;
import io.hybridwasm.runtime.graalwasm.internal.ModuleCache;
import io.hybridwasm.runtime.graalwasm.internal.ModuleLoader;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a new node's time goes, step by step, for Hybrid and for bare GraalWasm in the same run:
 * N nodes of the VAD guest (1 280 B first call) through {@code ModuleLoader} and
 * {@code GraalWasmNode}, and N bare polyglot contexts of the same module in a second engine
 * (context build, {@code eval} of the cached {@code Source}, {@code newInstance}, export look-ups,
 * the first {@code alloc} + {@code process}), loaded alternately so both see the same machine
 * and the same JIT state of the host code (run one after the other, the second half came out
 * up to 3.8x cheaper). The bare half is the engine-side reproducer: no
 * Hybrid code runs in it. Per step it prints the loading thread's CPU time (p10/p50; less
 * sensitive to a busy machine than wall time) and allocation, after a warm-up on a first node.
 *
 * <p>{@code mvn -pl hybrid-runtime-graalwasm test-compile exec:exec@node-steps
 * [-Dnode.steps.args='400 10 ../wasm-src/modules/intelligent_vad.wasm']} (nodes, warm-up seconds, module)
 */
public final class NodeSteps {
    private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int INPUT = 1280;

    private NodeSteps() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        long warmUpNanos = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1_000_000_000L;
        byte[] binary = Files.readAllBytes(Path.of(args.length > 2 ? args[2] : "../wasm-src/modules/intelligent_vad.wasm"));
        System.out.printf(Locale.ROOT, "%d + %d nodes, %d B module, %d B first call, warm-up %d s each, loaded alternately;"
                + " CPU time of the loading thread%n", nodes, nodes, binary.length, INPUT, warmUpNanos / 1_000_000_000L);
        try (Hybrid hybrid = new Hybrid(binary, nodes); Bare bare = new Bare(binary, nodes)) {
            hybrid.warmUp(warmUpNanos);
            bare.warmUp(warmUpNanos);
            for (int i = 0; i < nodes; i++) {
                hybrid.load(i);
                bare.load(i);
            }
            hybrid.steps.print("Hybrid");
            bare.steps.print("bare GraalWasm");
            System.out.printf(Locale.ROOT, "Hybrid / bare, whole node: CPU p10 %.2fx, p50 %.2fx%n",
                    hybrid.steps.p(hybrid.steps.total(), 10) / bare.steps.p(bare.steps.total(), 10),
                    hybrid.steps.p(hybrid.steps.total(), 50) / bare.steps.p(bare.steps.total(), 50));
        }
        System.exit(0);
    }

    /** Nodes through Hybrid's loading path, with a host function standing in for the gRPC bridge. */
    private static final class Hybrid implements AutoCloseable {
        final Steps steps;
        private final WasmConfig config;
        private final HostImports imports;
        private final ModuleCache cache = new ModuleCache();
        private final CallWatchdog watchdog = new CallWatchdog();
        private final Engine engine = GraalEngines.create(true, false);
        private final ClassLoader loader = NodeSteps.class.getClassLoader();
        private final byte[] input = new byte[INPUT];
        private final List<WasmNode> held = new ArrayList<>();

        Hybrid(byte[] binary, int nodes) {
            config = WasmConfig.builder(ModuleSource.of("intelligent_vad", binary)).entryFunction("process")
                    .maxInstances(1).build();
            HostFunctionProvider remote = new HostFunctionProvider() {
                @Override
                public String name() {
                    return "unavailable remote";
                }

                @Override
                public List<HostFunction> functions() {
                    return List.of(HostFunction.ofInts("env", "call_remote_service", 6, (call, ints) -> -2));
                }
            };
            imports = HostImports.of(List.of(remote));
            steps = new Steps(nodes, "ModuleLoader.load", "GraalWasmNode.start", "first process");
        }

        void warmUp(long nanos) {
            WasmNode first = GraalWasmNode.start(ModuleLoader.load(config, engine, imports, loader, cache), watchdog, n -> { });
            held.add(first);
            for (long until = System.nanoTime() + nanos; System.nanoTime() < until; ) {
                first.process(input);
            }
        }

        void load(int i) {
            steps.begin();
            var module = ModuleLoader.load(config, engine, imports, loader, cache);
            steps.mark(i, 0);
            WasmNode node = GraalWasmNode.start(module, watchdog, n -> { });
            steps.mark(i, 1);
            node.process(input);
            steps.mark(i, 2);
            held.add(node);
        }

        @Override
        public void close() {
            held.forEach(WasmNode::close);
            watchdog.close();
            engine.close();
        }
    }

    /** The same module and call on the bare polyglot API: no Hybrid code runs here. */
    private static final class Bare implements AutoCloseable {
        final Steps steps;
        private final Engine engine = Engine.newBuilder("wasm").build();
        private final Source source;
        private final List<Context> held = new ArrayList<>();
        private final List<Value> instances = new ArrayList<>();

        Bare(byte[] binary, int nodes) {
            source = Source.newBuilder("wasm", ByteSequence.create(binary), "intelligent_vad").cached(true).buildLiteral();
            steps = new Steps(nodes, "context build", "eval (cached)", "newInstance", "exports", "first call");
        }

        void warmUp(long nanos) {
            Value[] first = instantiate(engine, source, held);
            for (long until = System.nanoTime() + nanos; System.nanoTime() < until; ) {
                call(first);
            }
        }

        void load(int i) {
            steps.begin();
            Context context = Context.newBuilder("wasm").engine(engine).build();
            steps.mark(i, 0);
            Value module = context.eval(source);
            steps.mark(i, 1);
            Value instance = module.newInstance(imports());
            steps.mark(i, 2);
            Value exports = instance.getMember("exports");
            Value[] functions = {exports.getMember("alloc"), exports.getMember("process"), exports.getMember("memory")};
            steps.mark(i, 3);
            call(functions);
            steps.mark(i, 4);
            held.add(context);
            instances.add(instance);
        }

        @Override
        public void close() {
            held.forEach(c -> c.close(true));
            engine.close();
        }
    }

    private static Value[] instantiate(Engine engine, Source source, List<Context> held) {
        Context context = Context.newBuilder("wasm").engine(engine).build();
        held.add(context);
        Value exports = context.eval(source).newInstance(imports()).getMember("exports");
        return new Value[] {exports.getMember("alloc"), exports.getMember("process"), exports.getMember("memory")};
    }

    private static ProxyObject imports() {
        return ProxyObject.fromMap(Map.of("env", ProxyObject.fromMap(Map.of("call_remote_service", (ProxyExecutable) a -> -2))));
    }

    /** alloc(input), alloc(4), alloc(output), then process over zeroed (silent) PCM. */
    private static void call(Value[] functions) {
        int input = functions[0].execute(INPUT).asInt();
        int length = functions[0].execute(4).asInt();
        int output = functions[0].execute(4096).asInt();
        functions[2].writeBufferInt(ByteOrder.LITTLE_ENDIAN, length, 4096);
        int status = functions[1].execute(input, INPUT, output, length).asInt();
        if (status != 0) {
            throw new IllegalStateException("process returned status " + status);
        }
    }

    /** CPU time and allocation per step of each node. */
    private static final class Steps {
        private final String[] names;
        private final long[][] cpu;
        private final long[] allocated;
        private long cpuMark;
        private long allocationMark;

        Steps(int nodes, String... names) {
            this.names = names;
            this.cpu = new long[names.length + 1][nodes];
            this.allocated = new long[names.length + 1];
        }

        void begin() {
            cpuMark = THREAD.getCurrentThreadCpuTime();
            allocationMark = THREAD.getCurrentThreadAllocatedBytes();
        }

        void mark(int node, int step) {
            long now = THREAD.getCurrentThreadCpuTime();
            long bytes = THREAD.getCurrentThreadAllocatedBytes();
            cpu[step][node] = now - cpuMark;
            cpu[names.length][node] += now - cpuMark;
            allocated[step] += bytes - allocationMark;
            allocated[names.length] += bytes - allocationMark;
            cpuMark = now;
            allocationMark = bytes;
        }

        long[] total() {
            return cpu[names.length];
        }

        double p(long[] samples, int percentile) {
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
        }

        void print(String title) {
            System.out.println(title);
            for (int step = 0; step <= names.length; step++) {
                System.out.printf(Locale.ROOT, "  %-20s CPU p10 %.3f ms  p50 %.3f ms   allocated %6.1f KiB%n",
                        step < names.length ? names[step] : "whole node", p(cpu[step], 10), p(cpu[step], 50),
                        allocated[step] / 1024.0 / cpu[step].length);
            }
        }
    }
}
