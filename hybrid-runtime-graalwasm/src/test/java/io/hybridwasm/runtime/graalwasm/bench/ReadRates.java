package io.hybridwasm.runtime.graalwasm.bench;

import io.hybridwasm.runtime.graalwasm.internal.GraalEngines;
import io.hybridwasm.runtime.graalwasm.internal.GraalWasmMemory;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

import java.util.Arrays;
import java.util.Map;

/**
 * Reads out of guest memory where Hybrid makes them: from Java with the context entered (as
 * {@code GuestAbi} reads the output) and from inside a host function the guest called (as a
 * host function reads its arguments). Each read is timed alone and the median kept, split into
 * the copy ({@code readBuffer} into a reused array), the allocation of the array
 * {@code GuestMemory.read} returns, and the two together. They show why reads have no WASI
 * fast path like writes: {@code readBuffer} is one {@code System.arraycopy} in both places
 * (tens of GB/s), and most of a large read is zeroing the new array.
 */
final class ReadRates {
    private static final int[] SIZES = {4 << 10, 64 << 10, 1 << 20};
    private static final int CALLS = 2_000;
    private static final int ROUNDS = 5;

    private enum Part {
        COPY("readBuffer into a reused byte[]"),
        ALLOCATE("new byte[n] alone"),
        READ("GraalWasmMemory.read (both)");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    private ReadRates() {
    }

    static void run(byte[] hostRead) {
        System.out.println("reads out of guest memory, median per read: context entered | inside a host function");
        Probe probe = new Probe();
        try (Engine engine = GraalEngines.create(true, false);
             Context context = Context.newBuilder("wasm").engine(engine).build()) {
            Value exports = context.eval(Source.newBuilder("wasm", ByteSequence.create(hostRead), "host_read").buildLiteral())
                    .newInstance(ProxyObject.fromMap(Map.of("bench", ProxyObject.fromMap(Map.of("read", probe)))))
                    .getMember("exports");
            probe.raw = exports.getMember("memory");
            probe.memory = new GraalWasmMemory(probe.raw);
            Value guestLoop = exports.getMember("read");
            for (boolean print : new boolean[] {false, true}) {
                for (int size : SIZES) {
                    probe.reused = new byte[size];
                    for (Part part : Part.values()) {
                        probe.part = part;
                        measure(context, probe, guestLoop, size, print);
                    }
                }
            }
        }
        System.out.println();
    }

    /** The first pass warms the JIT up and prints nothing. */
    private static void measure(Context context, Probe probe, Value guestLoop, int size, boolean print) {
        double entered = Double.MAX_VALUE;
        double inHostFunction = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            probe.count = 0;
            context.enter();
            try {
                for (int i = 0; i < CALLS; i++) {
                    probe.timed(0, size);
                }
            } finally {
                context.leave();
            }
            entered = Math.min(entered, probe.median());
            probe.count = 0;
            guestLoop.execute(0, size, CALLS);
            inHostFunction = Math.min(inHostFunction, probe.median());
        }
        if (print) {
            System.out.printf("  %4d KiB %-32s %8.0f ns %5.1f GB/s | %8.0f ns %5.1f GB/s%n", size >> 10, probe.part.label,
                    entered, size / entered, inHostFunction, size / inHostFunction);
        }
    }

    /** The guest's {@code bench.read(ptr, len)}; Java calls it too, to time the same read both ways. */
    private static final class Probe implements ProxyExecutable {
        final long[] nanos = new long[CALLS];
        GraalWasmMemory memory;
        Value raw;
        byte[] reused;
        byte[] last;
        Part part;
        int count;

        @Override
        public Object execute(Value... arguments) {
            timed(arguments[0].asInt(), arguments[1].asInt());
            return null;
        }

        void timed(int pointer, int length) {
            long start = System.nanoTime();
            switch (part) {
                case COPY -> raw.readBuffer(pointer, reused, 0, length);
                case ALLOCATE -> last = new byte[length];
                case READ -> last = memory.read(pointer, length);
            }
            nanos[count++] = System.nanoTime() - start;
        }

        double median() {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return sorted[count / 2];
        }
    }
}
