package io.hybridwasm.examples.soak;

import java.util.Map;

/**
 * One kind's counts at one moment.
 *
 * @param made       calls started
 * @param answered   calls that returned (any status) before the watchdog gave up on them
 * @param unanswered calls that had not returned after the guest's deadline plus the grace
 * @param late       unanswered calls that returned after all
 * @param lost       idempotent calls that ended without a correct answer (unanswered ones included)
 * @param statuses   answered calls by status: OK, an ABI code such as -2, or a named failure
 * @param slowestNanos the longest an answered call took: how close the kind came to going unanswered
 */
public record KindFigures(long made, long answered, long unanswered, long late, long lost, Map<String, Long> statuses,
                          long slowestNanos) {
    public KindFigures {
        statuses = Map.copyOf(statuses);
    }

    /** Calls started but neither answered nor yet given up on. */
    public long inFlight() {
        return made - answered - unanswered;
    }
}
