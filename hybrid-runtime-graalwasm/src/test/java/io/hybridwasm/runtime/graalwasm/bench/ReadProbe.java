package io.hybridwasm.runtime.graalwasm.bench;

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

import java.util.Map;

public final class ReadProbe {
    public static void main(String[] args) throws Exception {
        BulkMemoryWriter.Feed feed = new BulkMemoryWriter.Feed();
        try (Engine engine = GraalEngines.create(true, false);
             Context context = BulkMemoryWriter.configure(Context.newBuilder("wasm").engine(engine), feed).build()) {
            GraalWasmMemory[] mem = new GraalWasmMemory[1];
            byte[][] sink = new byte[1][];
            boolean[] reuse = new boolean[1];
            ProxyExecutable read = a -> {
                int p = a[0].asInt(), n = a[1].asInt();
                if (reuse[0]) {
                    mem[0].value0().readBuffer(p, sink[0], 0, n);
                } else {
                    sink[0] = mem[0].read(p, n);
                }
                return null;
            };
            Value exports = context.eval(Source.newBuilder("wasm", ByteSequence.create(MemoryCopyBench.resource("host_read")), "hr").buildLiteral())
                    .newInstance(ProxyObject.fromMap(Map.of("bench", ProxyObject.fromMap(Map.of("read", read))))).getMember("exports");
            Value memory = exports.getMember("memory");
            mem[0] = new GraalWasmMemory(memory);
            Value run = exports.getMember("read");
            for (int size : new int[] {0, 4096, 64 << 10, 1 << 20}) {
                for (boolean r : new boolean[] {false, true}) {
                    reuse[0] = r;
                    sink[0] = new byte[size];
                    int reps = (int) Math.max(200, (256L << 20) / Math.max(size, 4096));
                    for (int round = 0; round < 6; round++) {
                        long t0 = System.nanoTime();
                        context.enter();
                        try {
                            for (int i = 0; i < reps; i++) {
                                if (r) memory.readBuffer(0, sink[0], 0, size); else sink[0] = mem[0].read(0, size);
                            }
                        } finally { context.leave(); }
                        long t1 = System.nanoTime();
                        run.execute(0, size, reps);
                        long t2 = System.nanoTime();
                        double e = (t1 - t0) / (double) reps, c = (t2 - t1) / (double) reps;
                        if (round >= 3) System.out.printf("size %8d %-8s entered %9.0f ns %7.2f GB/s | callback %9.0f ns %7.2f GB/s%n",
                                size, r ? "reuse" : "alloc", e, size / e, c, size / c);
                    }
                }
            }
        }
    }
}
