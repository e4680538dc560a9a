package io.hybridwasm.examples.soak;

import java.time.Duration;
import java.util.Objects;

/**
 * What one soak run does.
 *
 * @param warmup       load before the judged run, without restarts or rotations: its counts are
 *                     printed but not judged (a cold JVM on a loaded machine misses deadlines)
 * @param duration     how long the judged load runs
 * @param replicas     servers behind the one {@code static:///} target
 * @param restartEvery period of the rolling restart: one replica stopped and started again on
 *                     its port per period, and the client's token rotated once per period
 * @param downtime     how long a restarted replica stays down before it listens again
 * @param callers      concurrent caller threads
 * @param deadline     deadline of one remote call (all of the bridge's attempts included)
 * @param callTimeout  the guest call's own deadline ({@code WasmConfig.callTimeout})
 * @param grace        extra time after {@code callTimeout} before a call counts as unanswered
 * @param fdSlack      open descriptors the end may have above the middle and still pass
 * @param rotation     what the client does once per period: a new token (the default), new
 *                     nodes with the same token, or nothing
 */
public record SoakOptions(Duration warmup, Duration duration, int replicas, Duration restartEvery, Duration downtime, int callers,
                          Duration deadline, Duration callTimeout, Duration grace, int fdSlack,
                          Rotation rotation) {

    /** Heap after GC at the end may exceed the middle by this factor at most. */
    public static final double HEAP_GROWTH_LIMIT = 1.10;

    public SoakOptions {
        positive("duration", duration);
        positive("restartEvery", restartEvery);
        positive("deadline", deadline);
        positive("callTimeout", callTimeout);
        if (warmup.isNegative() || downtime.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("warmup, downtime and grace must not be negative");
        }
        if (replicas < 2) {
            throw new IllegalArgumentException("--replicas " + replicas + ": need at least 2, so a restart leaves one up");
        }
        if (callers < 1) {
            throw new IllegalArgumentException("--callers " + callers + ": need at least 1");
        }
        if (fdSlack < 0) {
            throw new IllegalArgumentException("--fd-slack " + fdSlack + ": must not be negative");
        }
        Objects.requireNonNull(rotation, "rotation");
        if (downtime.compareTo(restartEvery) >= 0) {
            throw new IllegalArgumentException("--downtime " + downtime + " must be shorter than --restart-every " + restartEvery);
        }
    }

    /** Defaults of {@code hybrid soak} with the given length and restart period. */
    public static SoakOptions defaults(Duration duration, Duration restartEvery) {
        return new SoakOptions(Duration.ofSeconds(20), duration, 3, restartEvery, Duration.ofSeconds(1), 8, Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 16, Rotation.TOKEN);
    }

    /** Past this, a call that has not returned is unanswered. */
    public Duration watchdogLimit() {
        return callTimeout.plus(grace);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
