package io.hybridwasm.bridge.internal;

import io.hybridwasm.RemotePolicy;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether and how one call may be retried: at most {@code maxAttempts} attempts, waiting
 * {@code backoff} between them, and only if {@code idempotent} says so. {@code idempotent} is
 * asked only when a retry is due, so a call that succeeds never pays for finding out.
 * Immutable if {@code idempotent} is.
 *
 * @param maxAttempts attempts including the first; 1 never retries
 * @param backoff     the delay before each retry
 * @param idempotent  whether the call may run twice
 */
public record RetryRule(int maxAttempts, Backoff backoff, BooleanSupplier idempotent) {
    /** One attempt, no retry. */
    public static final RetryRule NONE = new RetryRule(1, new Backoff(Duration.ZERO, Duration.ZERO), () -> false);

    public RetryRule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
        }
    }

    /** The retries {@code policy} allows for a call that {@code idempotent} judges. */
    public static RetryRule of(RemotePolicy policy, BooleanSupplier idempotent) {
        return new RetryRule(policy.maxAttempts(), new Backoff(policy.initialBackoff(), policy.maxBackoff()),
                idempotent);
    }
}
