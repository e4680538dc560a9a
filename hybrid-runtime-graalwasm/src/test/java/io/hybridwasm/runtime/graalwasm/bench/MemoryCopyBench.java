package io.hybridwasm.runtime.graalwasm.bench;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import io.hybridwasm.runtime.graalwasm.internal.BulkMemoryWriter;
import io.hybridwasm.runtime.graalwasm.internal.GraalEngines;
import io.hybridwasm.runtime.graalwasm.internal.GraalWasmMemory;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Copy rates into and out of GraalWasm linear memory for each strategy the polyglot API allows
 * (OLD: Hybrid's {@code writeBufferLong} path; NEW: its {@link BulkMemoryWriter} path), the
 * small-write crossover, reads from Java and from inside a host function ({@link ReadRates}),
 * echo latency old vs new, then guest compute and echo throughput with the JIT and with the
 * interpreter, in one JVM.
 *
 * <pre>mvn -pl hybrid-runtime-graalwasm test-compile exec:exec@bench</pre>
 */
public final class MemoryCopyBench {
    private static final int[] SIZES = {64 << 10, 1 << 20, 4 << 20};
    private static final long BYTES_PER_ROUND = 64L << 20;
    private static final int ROUNDS = 5;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private interface Copy {
        void run(byte[] data) throws Exception;
    }

    private MemoryCopyBench() {
    }

    public static void main(String[] args) throws Exception {
        BulkMemoryWriter.Feed feed = new BulkMemoryWriter.Feed();
        try (Engine engine = GraalEngines.create(true, false);
             Context context = BulkMemoryWriter.configure(Context.newBuilder("wasm").engine(engine), feed).build()) {
            System.out.printf("engine %s, GraalWasm %s%n%n", engine.getImplementationName(), GraalEngines.version());
            long[][] pulled = new long[1][];
            int[] next = new int[1];
            ProxyExecutable pull = arguments -> pulled[0][next[0]++];
            Value module = context.eval(Source.newBuilder("wasm", ByteSequence.create(resource("bench")), "bench").buildLiteral());
            Value exports = module.newInstance(ProxyObject.fromMap(Map.of("bench", ProxyObject.fromMap(Map.of("next", pull)))))
                    .getMember("exports");
            Value memory = exports.getMember("memory");
            GraalWasmMemory oldPath = new GraalWasmMemory(memory);
            BulkMemoryWriter bulk = new BulkMemoryWriter(context, memory, feed);
            GraalWasmMemory newPath = new GraalWasmMemory(memory, bulk);
            Value pullLoop = exports.getMember("pull");
            Object imports = ProxyObject.fromMap(Map.of("g", ProxyObject.fromMap(Map.of("memory", memory))));
            Map<String, Copy> puts = putStrategies(context, imports);
            byte[][] out = new byte[1][];

            for (int size : SIZES) {
                byte[] data = new byte[size];
                new Random(size).nextBytes(data);
                out[0] = new byte[size];
                System.out.printf("payload %d KiB%n", size >> 10);
                measure("read   Value.readBuffer (bulk)", size, data, memory, d -> memory.readBuffer(0, out[0], 0, size), true);
                measure("write  writeBufferByte loop", size, data, memory, d -> {
                    for (int i = 0; i < d.length; i++) {
                        memory.writeBufferByte(i, d[i]);
                    }
                }, false);
                measure("write  writeBufferLong loop", size, data, memory, d -> {
                    LongBuffer longs = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
                    for (int i = 0; i < d.length / 8; i++) {
                        memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, i * 8L, longs.get(i));
                    }
                }, false);
                measure("write  writeBufferLong, context entered (OLD path)", size, data, memory, entered(context, oldPath), false);
                measure("write  memory.init from a generated data segment", size, data, memory, d -> {
                    Source copier = Source.newBuilder("wasm", ByteSequence.create(DataSegmentModule.of(d)), "copier")
                            .cached(false).buildLiteral();
                    context.eval(copier).newInstance(imports).getMember("exports").getMember("copy").execute(0);
                }, false);
                measure("write  wasm loop pulling i64s from a host function", size, data, memory, d -> {
                    pulled[0] = new long[d.length / 8];
                    ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(pulled[0]);
                    next[0] = 0;
                    pullLoop.execute(0, d.length);
                }, false);
                for (Map.Entry<String, Copy> put : puts.entrySet()) {
                    measure(put.getKey(), size, data, memory, put.getValue(), false);
                }
                measure("write  WASI fd_read from a Feed, entered (NEW path)", size, data, memory, entered(context, newPath), false);
                System.out.println();
            }
            crossover(context, memory, oldPath, bulk);
            computeJitVersusInterpreter(exports.getMember("spin"));
        }
        ReadRates.run(resource("host_read"));
        EchoLatency.run(resource("echo"));
        echoJitVersusInterpreter();
    }

    private static Copy entered(Context context, GraalWasmMemory target) {
        return d -> {
            context.enter();
            try {
                target.write(0, d);
            } finally {
                context.leave();
            }
        };
    }

    /**
     * {@code put(ptr, v0..vN-1)} helpers: one {@code Value.execute} per 8·N bytes, arguments
     * boxed into a reused Object[] (and once into a fresh one, to see the allocation's cost).
     */
    private static Map<String, Copy> putStrategies(Context context, Object imports) {
        Map<String, Copy> strategies = new LinkedHashMap<>();
        Object[][] variants = {{PutModule.Type.I64, 16, true}, {PutModule.Type.I64, 16, false}, {PutModule.Type.I64, 64, true},
            {PutModule.Type.F64, 16, true}, {PutModule.Type.F64, 64, true}, {PutModule.Type.I32, 32, true}};
        for (Object[] variant : variants) {
            PutModule.Type type = (PutModule.Type) variant[0];
            int count = (int) variant[1];
            boolean reuse = (boolean) variant[2];
            Value put = context.eval(Source.newBuilder("wasm", ByteSequence.create(PutModule.of(type, count)), "put")
                    .cached(false).buildLiteral()).newInstance(imports).getMember("exports").getMember("put");
            Object[] reused = new Object[count + 1];
            int chunk = count * type.width;
            strategies.put(String.format("write  put(ptr, %d x %s), %s Object[], entered", count, type.name().toLowerCase(Locale.ROOT),
                    reuse ? "reused" : "new"), d -> {
                context.enter();
                try {
                    for (int at = 0; at + chunk <= d.length; at += chunk) {
                        Object[] arguments = reuse ? reused : new Object[count + 1];
                        arguments[0] = at;
                        for (int j = 0; j < count; j++) {
                            int from = at + j * type.width;
                            arguments[j + 1] = switch (type) {
                                case I64 -> (long) LONGS.get(d, from);
                                case F64 -> Double.longBitsToDouble((long) LONGS.get(d, from));
                                case I32 -> (int) INTS.get(d, from);
                            };
                        }
                        put.executeVoid(arguments);
                    }
                } finally {
                    context.leave();
                }
            });
        }
        return strategies;
    }

    /** Small writes, where the per-call cost decides: where BulkMemoryWriter.MIN_LENGTH comes from. */
    private static void crossover(Context context, Value memory, GraalWasmMemory oldPath, BulkMemoryWriter bulk) throws Exception {
        System.out.println("small writes, ns per write (context entered): writeBufferLong vs BulkMemoryWriter");
        context.enter();
        try {
            for (int size : new int[] {32, 64, 128, 256, 512, 1024, 4096}) {
                byte[] data = new byte[size];
                new Random(size).nextBytes(data);
                double old = nanosPerWrite(() -> oldPath.write(0, data));
                double fast = nanosPerWrite(() -> {
                    if (!bulk.write(0, data, 0, size)) {
                        throw new AssertionError("bulk write fell back");
                    }
                });
                System.out.printf("  %5d bytes: %8.0f ns vs %8.0f ns%n", size, old, fast);
            }
        } finally {
            context.leave();
        }
        System.out.println();
    }

    private static double nanosPerWrite(Runnable write) {
        int calls = 200_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                write.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) calls);
        }
        return best;
    }

    private static void measure(String name, int size, byte[] data, Value memory, Copy copy, boolean read) throws Exception {
        long bytes = Math.max(BYTES_PER_ROUND / (name.contains("Byte loop") ? 16 : 1), size);
        int repetitions = (int) Math.max(1, bytes / size);
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < repetitions; i++) {
                copy.run(data);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, (double) repetitions * size / seconds / 1e9);
        }
        if (!read) {
            byte[] check = new byte[size];
            memory.readBuffer(0, check, 0, size);
            if (!Arrays.equals(check, data)) {
                throw new AssertionError(name + " wrote the wrong bytes");
            }
            for (int i = 0; i < size; i += 8) {
                memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, i, 0L);
            }
        }
        System.out.printf("  %-58s %7.3f GB/s%n", name, best);
    }

    private static void computeJitVersusInterpreter(Value jitSpin) throws IOException {
        int n = 20_000_000;
        System.out.println("guest compute loop, " + n + " iterations");
        for (int i = 0; i < 5; i++) {
            jitSpin.execute(n);
        }
        long start = System.nanoTime();
        jitSpin.execute(n);
        double jitMillis = (System.nanoTime() - start) / 1e6;
        try (Engine engine = GraalEngines.create(false, true);
             Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value spin = context.eval(Source.newBuilder("wasm", ByteSequence.create(resource("bench")), "bench").buildLiteral())
                    .newInstance(ProxyObject.fromMap(Map.of("bench", ProxyObject.fromMap(Map.of("next", (ProxyExecutable) a -> 0L)))))
                    .getMember("exports").getMember("spin");
            spin.execute(n / 10);
            start = System.nanoTime();
            spin.execute(n);
            double interpreterMillis = (System.nanoTime() - start) / 1e6;
            System.out.printf("  JIT %.1f ms, interpreter %.1f ms: %.0fx%n%n", jitMillis, interpreterMillis, interpreterMillis / jitMillis);
        }
    }

    private static void echoJitVersusInterpreter() throws IOException {
        System.out.println("WasmNode.process on the echo guest (write + guest memory.copy + read)");
        for (boolean compile : new boolean[] {true, false}) {
            try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().compilation(compile).build();
                 WasmNode node = runtime.load(WasmConfig.builder(ModuleSource.of("echo", resource("echo"))).build())) {
                for (int size : new int[] {1 << 10, 64 << 10, 1 << 20}) {
                    byte[] input = new byte[size];
                    int calls = (int) Math.max(20, (compile ? 256L << 20 : 16L << 20) / size);
                    for (int i = 0; i < calls; i++) {
                        node.process(input);
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        node.process(input);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("  %-28s %5d KiB: %9.0f calls/s, %6.3f GB/s in%n", runtime.description(), size >> 10,
                            calls / seconds, (double) calls * size / seconds / 1e9);
                }
            }
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = MemoryCopyBench.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            return in.readAllBytes();
        }
    }
}
