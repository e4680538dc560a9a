package io.hybridwasm.examples.bench;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import com.sun.management.ThreadMXBean;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
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
 * code is compiled (on a starved machine it shows the guest still interpreted). Truffle's own
 * compilation trace says whether the guest was compiled when the next nodes began loading; the
 * warm-up goes on past its minimum until it was (at most {@link #MAX_WARM_UP}). The loading
 * thread's CPU time and allocation per node, and the collections during loading, are less
 * sensitive to a busy machine than wall time.
 */
public final class NodesBench {
    /** Calls right after the first load, still interpreted: what a compiled call is compared with. */
    private static final int COLD_CALLS = 20;
    /** A starved machine may compile nothing in the minimum warm-up; the bench waits this long at most. */
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(60);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(2);

    private final GuestWorkload workload;
    private final int nodes;
    private final Duration warmUp;
    private final PrintStream out;

    /**
     * @param warmUp how long at least the first node runs its entry before the others load, then on until Truffle
     *               has compiled the guest (0: not at all)
     */
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
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<WasmNode> held = new ArrayList<>(nodes);
        try (TruffleCompilations compilations = TruffleCompilations.start();
             GraalWasmRuntime runtime = runtimeTracedBy(compilations)) {
            long start = System.nanoTime();
            held.add(runtime.load(config));
            held.getFirst().process(input);
            long first = System.nanoTime() - start;
            Latencies coldCalls = new Latencies();
            for (int i = 0; i < COLD_CALLS; i++) {
                long c = System.nanoTime();
                held.getFirst().process(input);
                coldCalls.record(System.nanoTime() - c);
            }
            long warmStart = System.nanoTime();
            long giveUp = warmUp.isZero() ? warmStart : warmStart + Math.max(warmUp.toNanos(), MAX_WARM_UP.toNanos());
            long nextLook = warmStart + warmUp.toNanos();
            CompilerActivity compilers = new CompilerActivity();
            boolean quiet = false;
            for (long now = warmStart; now < giveUp; now = System.nanoTime()) {
                held.getFirst().process(input);
                if (now >= nextLook) {
                    quiet = compilers.busySinceLastLook().compareTo(CompilerActivity.QUIET) <= 0;
                    if (quiet && compilations.count().tier2() > 0) {
                        break;
                    }
                    nextLook = now + LOOK_EVERY.toNanos();
                }
            }
            Duration warmedFor = Duration.ofMillis((System.nanoTime() - warmStart) / 1_000_000);
            TruffleCompilations.Count compiledBefore = compilations.count();
            long heapBefore = usedHeap(memory);
            Latencies next = new Latencies();
            Latencies nextCpu = new Latencies();
            Latencies warmed = new Latencies();
            long allocated = 0;
            long gcBefore = gcCount();
            long gcMillisBefore = gcMillis();
            for (int i = 1; i < nodes; i++) {
                long bytes = threads.getCurrentThreadAllocatedBytes();
                long cpu = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                WasmNode node = runtime.load(config);
                node.process(input);
                next.record(System.nanoTime() - t);
                nextCpu.record(threads.getCurrentThreadCpuTime() - cpu);
                allocated += threads.getCurrentThreadAllocatedBytes() - bytes;
                held.add(node);
                long w = System.nanoTime();
                held.getFirst().process(input);
                warmed.record(System.nanoTime() - w);
            }
            long gcs = gcCount() - gcBefore;
            long gcPauses = gcMillis() - gcMillisBefore;
            long heapAfter = usedHeap(memory);
            out.printf(Locale.ROOT, "%d nodes of %s (entry %s, %d B input), %s; modules parsed: %d%n",
                    nodes, workload.name(), workload.entry(), input.length, runtime.description(), runtime.modulesParsed());
            out.printf(Locale.ROOT, "  first node  load + first call %10.2f ms, then its entry for %s so the shared code is compiled"
                    + " (--warmup %s, then until Truffle has Tier 2 code and the compilers worked at most %s in %s, at most %s)%n",
                    first / 1e6, warmedFor, warmUp, CompilerActivity.QUIET, LOOK_EVERY, MAX_WARM_UP);
            out.printf(Locale.ROOT, "  next nodes  load + first call  p10 %.3f ms   p50 %.3f ms   p99 %.3f ms   mean %.3f ms   (n=%d)%n",
                    next.percentileMicros(10) / 1000, next.percentileMicros(50) / 1000, next.percentileMicros(99) / 1000,
                    next.meanMicros() / 1000, next.count());
            out.printf(Locale.ROOT, "              its CPU time on the loading thread  p10 %.3f ms   p50 %.3f ms;"
                            + " allocated %.1f KiB per node; %d GCs (%d ms) while loading%n",
                    nextCpu.percentileMicros(10) / 1000, nextCpu.percentileMicros(50) / 1000,
                    allocated / 1024.0 / Math.max(1, next.count()), gcs, gcPauses);
            out.printf(Locale.ROOT, "  baseline    a call on the first node between loads  p10 %.3f ms   p50 %.3f ms   p99 %.3f ms%n",
                    warmed.percentileMicros(10) / 1000, warmed.percentileMicros(50) / 1000, warmed.percentileMicros(99) / 1000);
            out.printf(Locale.ROOT, "  guest compiled: %s when the next nodes began loading: %s (%s at the end);"
                            + " warmed call p50 %.3f ms vs %.3f ms in its first %d calls%n",
                    compiledBefore.tier2() > 0 && quiet ? "yes"
                            : compiledBefore.tier1() + compiledBefore.tier2() > 0 ? "partly (the compilers were still busy)"
                            : "NO (interpreted: the compiler had not finished; figures include interpreted guest code)",
                    compiledBefore, compilations.count(),
                    warmed.percentileMicros(50) / 1000, coldCalls.percentileMicros(50) / 1000, COLD_CALLS);
            out.printf(Locale.ROOT, "  heap per idle node %.1f KiB (used heap after GC: %.1f MB with the first node, %.1f MB with %d)%n",
                    (heapAfter - heapBefore) / 1024.0 / Math.max(1, nodes - 1), heapBefore / 1e6, heapAfter / 1e6, nodes);
            held.forEach(WasmNode::close);
        }
    }

    private static GraalWasmRuntime runtimeTracedBy(TruffleCompilations compilations) {
        try {
            return GraalWasmRuntime.builder().build();
        } finally {
            compilations.stopTracingNewEngines();
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long usedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
