package io.hybridwasm.examples.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What this JVM holds at one moment.
 *
 * @param heapAfterGcBytes heap in use after full collections (the least of a few tries, so
 *                         garbage made by the running load between them does not count)
 * @param openFds          entries of {@code /proc/self/fd}; -1 where there is no such directory
 * @param fdKinds          the open descriptors by kind: socket, pipe, anon_inode:[eventpoll], file, ...
 * @param threads          live threads
 */
public record Resources(long heapAfterGcBytes, long openFds, Map<String, Long> fdKinds, int threads) {
    private static final int GC_ROUNDS = 3;

    public Resources {
        fdKinds = Map.copyOf(fdKinds);
    }

    /** Collects garbage a few times, then reads the heap, the descriptors and the threads. */
    public static Resources measure() throws InterruptedException {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(200);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        Map<String, Long> kinds = countFdsByKind();
        return new Resources(heap, kinds.isEmpty() ? -1 : kinds.values().stream().mapToLong(Long::longValue).sum(), kinds,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static Map<String, Long> countFdsByKind() {
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> kinds.merge(kind(fd), 1L, Long::sum));
        } catch (IOException e) {
            return Map.of();
        }
        return kinds;
    }

    /** {@code socket:[123]} is a socket, {@code /x/y.jar} a file, {@code anon_inode:[eventfd]} itself. */
    private static String kind(Path fd) {
        try {
            String link = Files.readSymbolicLink(fd).toString();
            int bracket = link.indexOf(":[");
            return link.startsWith("/") ? "file" : link.startsWith("anon_inode:") || bracket < 0 ? link : link.substring(0, bracket);
        } catch (IOException e) {
            return "gone";
        }
    }

    public double heapMiB() {
        return heapAfterGcBytes / (1024.0 * 1024.0);
    }
}
