package io.hybridwasm.examples.bench;

import java.time.Duration;

/**
 * Warms a call up until its median stops improving: rounds of {@link #ROUND}, done when three
 * rounds in a row fail to beat the best median by 3 % (after {@code min}), or at {@code max}.
 * The same rule as the V8 driver's, so both sides are timed at their plateau.
 */
final class Plateau {
    static final Duration ROUND = Duration.ofMillis(500);

    private Plateau() {
    }

    /** Returns how long the warm-up took. */
    static Duration warm(Runnable call, Duration min, Duration max) {
        long start = System.nanoTime();
        double best = Double.MAX_VALUE;
        int flat = 0;
        while (System.nanoTime() - start < max.toNanos()) {
            Latencies round = new Latencies();
            long roundStart = System.nanoTime();
            while (System.nanoTime() - roundStart < ROUND.toNanos()) {
                long t = System.nanoTime();
                call.run();
                round.record(System.nanoTime() - t);
            }
            double p50 = round.percentileMicros(50);
            if (p50 < best * 0.97) {
                best = Math.min(best, p50);
                flat = 0;
            } else if (++flat >= 3 && System.nanoTime() - start >= min.toNanos()) {
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static Latencies time(Runnable call, int n) {
        Latencies l = new Latencies();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            l.record(System.nanoTime() - t);
        }
        return l;
    }
}
