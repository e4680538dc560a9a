package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one remote call: the configured per-call deadline, shortened to whatever is
 * left of the caller's own deadline (a guest's {@code HostCall.deadline()}). Stateless.
 */
public final class CallDeadline {
    private CallDeadline() {
    }

    /**
     * The earlier of {@code now + perCall} and {@code until}.
     *
     * @throws RemoteCallException with {@link HostStatus#TIMEOUT} when {@code until} has already
     *                             passed, so no network work starts for a call that cannot finish
     */
    public static Deadline of(Duration perCall, Optional<Instant> until, String what) {
        long nanos = saturatedNanos(perCall);
        if (until.isPresent()) {
            nanos = Math.min(nanos, saturatedNanos(Duration.between(Instant.now(), until.get())));
        }
        if (nanos <= 0) {
            throw new RemoteCallException(HostStatus.TIMEOUT, what + " not started: the caller's deadline has passed");
        }
        return Deadline.after(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code now + perCall} shortened to {@code until}, as an instant; for waits outside gRPC. */
    public static Instant instant(Duration perCall, Optional<Instant> until) {
        Instant byConfig = Instant.now().plus(perCall);
        return until.filter(u -> u.isBefore(byConfig)).orElse(byConfig);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
