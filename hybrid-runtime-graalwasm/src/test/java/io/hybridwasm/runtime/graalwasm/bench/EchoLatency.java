package io.hybridwasm.runtime.graalwasm.bench;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import io.hybridwasm.runtime.graalwasm.internal.BulkMemoryWriter;

import java.util.Arrays;
import java.util.Random;

/**
 * {@code WasmNode.process} latency on the echo guest with a 64000-byte input (one write into
 * guest memory, a guest memory.copy, one read) for the OLD write path ({@code writeBufferLong}
 * only) and the NEW one ({@link BulkMemoryWriter}), in interleaved rounds so that load from
 * elsewhere on the machine hits both alike.
 */
final class EchoLatency {
    private static final int SIZE = 64_000;
    private static final int WARMUP = 5_000;
    private static final int ROUNDS = 10;
    private static final int CALLS = 500;

    private EchoLatency() {
    }

    static void run(byte[] echo) {
        byte[] input = new byte[SIZE];
        new Random(SIZE).nextBytes(input);
        System.out.println("WasmNode.process on the echo guest, " + SIZE + " bytes, JIT: microseconds per call");
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().build();
             WasmNode oldPath = load(runtime, echo, false);
             WasmNode newPath = load(runtime, echo, true)) {
            WasmNode[] nodes = {oldPath, newPath};
            for (WasmNode node : nodes) {
                for (int i = 0; i < WARMUP; i++) {
                    check(input, node.process(input));
                }
            }
            long[][] nanos = new long[2][ROUNDS * CALLS];
            for (int round = 0; round < ROUNDS; round++) {
                for (int path = 0; path < 2; path++) {
                    for (int i = 0; i < CALLS; i++) {
                        long start = System.nanoTime();
                        byte[] output = nodes[path].process(input);
                        nanos[path][round * CALLS + i] = System.nanoTime() - start;
                        check(input, output);
                    }
                }
            }
            print("OLD writeBufferLong", nanos[0]);
            print("NEW BulkMemoryWriter", nanos[1]);
            System.out.println();
        }
    }

    private static WasmNode load(GraalWasmRuntime runtime, byte[] echo, boolean bulk) {
        System.setProperty(BulkMemoryWriter.ENABLED_PROPERTY, Boolean.toString(bulk));
        try {
            return runtime.load(WasmConfig.builder(ModuleSource.of("echo", echo)).maxInstances(1).build());
        } finally {
            System.clearProperty(BulkMemoryWriter.ENABLED_PROPERTY);
        }
    }

    private static void check(byte[] input, byte[] output) {
        if (!Arrays.equals(input, output)) {
            throw new AssertionError("echo returned other bytes");
        }
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-22s p50 %7.1f us   p90 %7.1f us   p99 %7.1f us   (%d calls)%n", name,
                sorted[sorted.length / 2] / 1e3, sorted[sorted.length * 9 / 10] / 1e3, sorted[sorted.length * 99 / 100] / 1e3,
                sorted.length);
    }
}
