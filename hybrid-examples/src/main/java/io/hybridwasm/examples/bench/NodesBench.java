package io.hybridwasm.examples.bench;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many nodes of one module in one runtime: the time to load a node and make its first call,
 * for the first node (which parses the module; its calls get it compiled) and for each of the
 * next ones (which reuse both), and the heap each idle node keeps. After each new node the first
 * node makes one call too: that is the same-run baseline, the cost of the call itself once its
 * code is compiled (on a starved machine it shows the guest still interpreted).
 */
public final class NodesBench {
    private final GuestWorkload workload;
    private final int nodes;
    private final Duration warmUp;
    private final PrintStream out;

    /** @param warmUp how long the first node runs its entry before the others load (0: not at all) */
    public NodesBench(GuestWorkload workload, int nodes, Duration warmUp, PrintStream out) {
        this.workload = workload;
        this.nodes = nodes;
        this.warmUp = warmUp;
        this.out = out;
    }

    public void run() {
        byte[] input = workload.inputs().getLast();
        WasmConfig config = WasmConfig.builder(workload.source()).entryFunction(workload.entry()).maxInstances(1).build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<WasmNode> held = new ArrayList<>(nodes);
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().build()) {
            long start = System.nanoTime();
            held.add(runtime.load(config));
            held.getFirst().process(input);
            long first = System.nanoTime() - start;
            long warmUntil = System.nanoTime() + warmUp.toNanos();
            while (System.nanoTime() < warmUntil) {
                held.getFirst().process(input);
            }
            long heapBefore = usedHeap(memory);
            Latencies next = new Latencies();
            Latencies warmed = new Latencies();
            for (int i = 1; i < nodes; i++) {
                long t = System.nanoTime();
                WasmNode node = runtime.load(config);
                node.process(input);
                next.record(System.nanoTime() - t);
                held.add(node);
                long w = System.nanoTime();
                held.getFirst().process(input);
                warmed.record(System.nanoTime() - w);
            }
            long heapAfter = usedHeap(memory);
            out.printf(Locale.ROOT, "%d nodes of %s (entry %s, %d B input), %s; modules parsed: %d%n",
                    nodes, workload.name(), workload.entry(), input.length, runtime.description(), runtime.modulesParsed());
            out.printf(Locale.ROOT, "  first node  load + first call %10.2f ms, then its entry for %s so the shared code is compiled%n",
                    first / 1e6, warmUp);
            out.printf(Locale.ROOT, "  next nodes  load + first call  p10 %.3f ms   p50 %.3f ms   p99 %.3f ms   mean %.3f ms   (n=%d)%n",
                    next.percentileMicros(10) / 1000, next.percentileMicros(50) / 1000, next.percentileMicros(99) / 1000,
                    next.meanMicros() / 1000, next.count());
            out.printf(Locale.ROOT, "  baseline    a call on the first node between loads  p10 %.3f ms   p50 %.3f ms   p99 %.3f ms%n",
                    warmed.percentileMicros(10) / 1000, warmed.percentileMicros(50) / 1000, warmed.percentileMicros(99) / 1000);
            out.printf(Locale.ROOT, "  heap per idle node %.1f KiB (used heap after GC: %.1f MB with the first node, %.1f MB with %d)%n",
                    (heapAfter - heapBefore) / 1024.0 / Math.max(1, nodes - 1), heapBefore / 1e6, heapAfter / 1e6, nodes);
            held.forEach(WasmNode::close);
        }
    }

    private static long usedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
