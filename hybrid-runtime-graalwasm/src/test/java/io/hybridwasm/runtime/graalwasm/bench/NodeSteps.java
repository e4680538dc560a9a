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
 * {@code GraalWasmNode}, then N bare polyglot contexts of the same module in a second engine
 * (context build, {@code eval} of the cached {@code Source}, {@code newInstance}, export look-ups,
 * the first {@code alloc} + {@code process}). The bare half is the engine-side reproducer: no
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
        System.out.printf(Locale.ROOT, "%d nodes, %d B module, %d B first call, warm-up %d s; CPU time of the loading thread%n",
                nodes, binary.length, INPUT, warmUpNanos / 1_000_000_000L);
        Steps hybrid = hybrid(binary, nodes, warmUpNanos);
        hybrid.print("Hybrid");
        Steps bare = bare(binary, nodes, warmUpNanos);
        bare.print("bare GraalWasm");
        System.out.printf(Locale.ROOT, "Hybrid / bare, whole node: CPU p10 %.2fx, p50 %.2fx%n",
                hybrid.p(hybrid.total(), 10) / bare.p(bare.total(), 10), hybrid.p(hybrid.total(), 50) / bare.p(bare.total(), 50));
        System.exit(0);
    }

    private static Steps hybrid(byte[] binary, int nodes, long warmUpNanos) {
        WasmConfig config = WasmConfig.builder(ModuleSource.of("intelligent_vad", binary)).entryFunction("process")
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
        HostImports imports = HostImports.of(List.of(remote));
        ModuleCache cache = new ModuleCache();
        CallWatchdog watchdog = new CallWatchdog();
        ClassLoader loader = NodeSteps.class.getClassLoader();
        byte[] input = new byte[INPUT];
        List<WasmNode> held = new ArrayList<>();
        try (Engine engine = GraalEngines.create(true, false)) {
            WasmNode first = GraalWasmNode.start(ModuleLoader.load(config, engine, imports, loader, cache), watchdog, n -> { });
            for (long until = System.nanoTime() + warmUpNanos; System.nanoTime() < until; ) {
                first.process(input);
            }
            Steps steps = new Steps(nodes, "ModuleLoader.load", "GraalWasmNode.start", "first process");
            for (int i = 0; i < nodes; i++) {
                steps.begin();
                var module = ModuleLoader.load(config, engine, imports, loader, cache);
                steps.mark(i, 0);
                WasmNode node = GraalWasmNode.start(module, watchdog, n -> { });
                steps.mark(i, 1);
                node.process(input);
                steps.mark(i, 2);
                held.add(node);
            }
            held.forEach(WasmNode::close);
            first.close();
            watchdog.close();
            return steps;
        }
    }

    private static Steps bare(byte[] binary, int nodes, long warmUpNanos) {
        List<Context> held = new ArrayList<>();
        List<Value> instances = new ArrayList<>();
        try (Engine engine = Engine.newBuilder("wasm").build()) {
            Source source = Source.newBuilder("wasm", ByteSequence.create(binary), "intelligent_vad").cached(true).buildLiteral();
            Value[] first = instantiate(engine, source, held);
            for (long until = System.nanoTime() + warmUpNanos; System.nanoTime() < until; ) {
                call(first);
            }
            Steps steps = new Steps(nodes, "context build", "eval (cached)", "newInstance", "exports", "first call");
            for (int i = 0; i < nodes; i++) {
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
            held.forEach(c -> c.close(true));
            return steps;
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
