package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one endpoint (one channel target, however many replicas it spreads
 * over). After {@code threshold} consecutive endpoint failures ({@link StatusTable#endpointFailure}:
 * unavailable, network error, timeout while connecting) the circuit opens: for {@code openDuration} every call
 * is refused at once with {@link HostStatus#SERVICE_UNAVAILABLE}, without touching the network.
 * Then it is half-open: exactly one trial call goes through while the others are still refused;
 * if the endpoint answers, the circuit closes; if the trial fails, it opens for another
 * {@code openDuration}.
 *
 * <p>Any answer from the server, a remote error such as {@code INTERNAL} or {@code NOT_FOUND}
 * included, proves the endpoint reachable and resets the count. An attempt that ends without a
 * verdict (never sent, cancelled here, or out of time while the endpoint was working on it:
 * the caller's deadline, not the endpoint's failure) changes nothing except that it frees the trial slot.
 * Per endpoint rather than per replica because the load balancer already skips dead replicas:
 * calls fail only when no replica is reachable, and that is what the breaker should see.
 *
 * <p>Thread-safe and lock-free: the whole state is one immutable value replaced by
 * compare-and-set, so the closed-circuit fast path is one volatile read. The clock is
 * injectable for tests. A threshold of 0 disables the breaker.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** Where the circuit stands. */
    public enum Mode { CLOSED, OPEN, HALF_OPEN }

    private final String target;
    private final int threshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);

    /**
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public CircuitBreaker(String target, int threshold, Duration openDuration, LongSupplier nanoClock) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0, was " + threshold);
        }
        this.target = target;
        this.threshold = threshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The current mode; {@link Mode#HALF_OPEN} once the open period is over, trial or not. */
    public Mode mode() {
        State s = state.get();
        if (threshold == 0 || s.failures < threshold) {
            return Mode.CLOSED;
        }
        return nanoClock.getAsLong() - s.openUntil < 0 ? Mode.OPEN : Mode.HALF_OPEN;
    }

    /**
     * Lets one attempt through or refuses it.
     *
     * @param what names the call in the refusal, e.g. {@code "call to Echo"}
     * @return whether this attempt is the trial of a half-open circuit (its verdict decides)
     * @throws RemoteCallException {@link HostStatus#SERVICE_UNAVAILABLE} while the circuit is
     *                             open, or half-open with another trial in flight
     */
    public boolean admit(String what) {
        if (threshold == 0) {
            return false;
        }
        while (true) {
            State s = state.get();
            if (s.failures < threshold) {
                return false;
            }
            long now = nanoClock.getAsLong();
            if (now - s.openUntil < 0) {
                throw refusal(s, now, what);
            }
            if (s.trialInFlight) {
                throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "circuit half-open for " + target
                        + ": a trial call is in flight; " + what + " not sent");
            }
            if (state.compareAndSet(s, new State(s.failures, s.openUntil, true))) {
                LOG.debug("circuit for {} half-open: {} is the trial", target, what);
                BridgeMetrics.current().breakerTransition(target, Mode.HALF_OPEN);
                return true;
            }
        }
    }

    /**
     * Refuses while open, like {@link #admit}, without taking the trial: for work whose outcome
     * this breaker does not observe (opening a stream).
     */
    public void refuseIfOpen(String what) {
        State s = state.get();
        if (threshold == 0 || s.failures < threshold) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - s.openUntil < 0) {
            throw refusal(s, now, what);
        }
    }

    /** The endpoint answered: the count resets and an open or half-open circuit closes. */
    public void recordAnswer() {
        if (state.get() == State.CLOSED) {
            return;
        }
        State before = state.getAndSet(State.CLOSED);
        if (threshold > 0 && before.failures >= threshold) {
            LOG.info("circuit for {} closed: the endpoint answered", target);
            BridgeMetrics.current().breakerTransition(target, Mode.CLOSED);
        }
    }

    /** The endpoint failed an attempt; {@code trial} as {@link #admit} returned it. */
    public void recordFailure(boolean trial) {
        if (threshold == 0) {
            return;
        }
        while (true) {
            State s = state.get();
            boolean decidesTrial = trial && s.trialInFlight;
            if (!decidesTrial && s.failures >= threshold) {
                return; // already open; a straggler from before it opened
            }
            int failures = Math.min(s.failures + 1, threshold);
            State next = decidesTrial || failures >= threshold
                    ? new State(threshold, nanoClock.getAsLong() + openNanos, false)
                    : new State(failures, 0, false);
            if (state.compareAndSet(s, next)) {
                if (decidesTrial || next.failures >= threshold) {
                    BridgeMetrics.current().breakerTransition(target, Mode.OPEN);
                }
                if (decidesTrial) {
                    LOG.info("circuit for {} re-opened for {} ms: the trial call failed", target, millis(openNanos));
                } else if (next.failures >= threshold) {
                    LOG.warn("circuit for {} opened for {} ms after {} consecutive failures; calls fail fast",
                            target, millis(openNanos), threshold);
                }
                return;
            }
        }
    }

    /** An attempt ended without a verdict; a trial's slot is freed for the next call. */
    public void recordNoVerdict(boolean trial) {
        if (!trial) {
            return;
        }
        while (true) {
            State s = state.get();
            if (!s.trialInFlight || state.compareAndSet(s, new State(s.failures, s.openUntil, false))) {
                return;
            }
        }
    }

    private RemoteCallException refusal(State s, long now, String what) {
        return new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "circuit open for " + target + " after "
                + s.failures + " consecutive failures; " + what + " not sent, next trial in "
                + millis(s.openUntil - now) + " ms");
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }

    /**
     * @param failures      consecutive failures, capped at the threshold (reaching it means open)
     * @param openUntil     clock value when an open circuit turns half-open
     * @param trialInFlight whether the half-open trial has been handed out
     */
    private record State(int failures, long openUntil, boolean trialInFlight) {
        static final State CLOSED = new State(0, 0, false);
    }
}
