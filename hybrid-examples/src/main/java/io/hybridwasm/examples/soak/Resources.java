package io.hybridwasm.examples.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment.
 *
 * @param heapAfterGcBytes heap in use after full collections (the least of a few tries, so
 *                         garbage made by the running load between them does not count)
 * @param openFds          entries of {@code /proc/self/fd}; -1 where there is no such directory
 * @param threads          live threads
 */
public record Resources(long heapAfterGcBytes, long openFds, int threads) {
    private static final int GC_ROUNDS = 3;

    /** Collects garbage a few times, then reads the heap, the descriptors and the threads. */
    public static Resources measure() throws InterruptedException {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(200);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return new Resources(heap, countOpenFds(), ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static long countOpenFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    public double heapMiB() {
        return heapAfterGcBytes / (1024.0 * 1024.0);
    }
}
