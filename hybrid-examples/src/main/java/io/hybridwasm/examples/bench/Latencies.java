package io.hybridwasm.examples.bench;

import java.util.Arrays;
import java.util.Locale;

/** Recorded call latencies in nanoseconds, with the percentiles a benchmark reports. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;

    void record(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** Adds this one's samples to {@code other}. */
    void addTo(Latencies other) {
        for (int i = 0; i < count; i++) {
            other.record(nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 to 100), nearest-rank, in microseconds. */
    double percentileMicros(double p) {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }

    double meanMicros() {
        return Arrays.stream(nanos, 0, count).average().orElse(0) / 1000.0;
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %8.1f µs   p99 %8.1f µs   mean %8.1f µs   (n=%d)",
                percentileMicros(50), percentileMicros(99), meanMicros(), count);
    }
}
