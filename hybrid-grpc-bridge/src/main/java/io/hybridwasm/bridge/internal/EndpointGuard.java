package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemotePolicy;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What stands between a call and one endpoint: its {@link CircuitBreaker} and its bound on
 * calls in flight ({@link RemotePolicy#maxInFlightPerEndpoint()}). Every unary attempt is
 * {@linkplain #admit admitted} here first: the circuit is asked before the slot, so an open
 * circuit refuses at once instead of queueing. A call beyond the bound waits for a slot until
 * its deadline, then fails with {@link HostStatus#SERVICE_UNAVAILABLE} without being sent.
 *
 * <p>One per (channel, policy), so every client with the same policy shares the endpoint's
 * breaker and bound. Thread-safe; {@link Attempt}s are confined to the calling thread.
 */
public final class EndpointGuard {
    private final String target;
    private final int limit;
    private final Semaphore slots;
    private final CircuitBreaker breaker;
    private final Consumer<Deadline> onTrial;

    /**
     * @param onTrial runs when a half-open circuit lets its trial through, before the trial is
     *                sent, with the trial's deadline: the channel reconnects now and the trial waits
     *                for the connection, so it sees the endpoint as it is rather than gRPC's memory
     *                of the last failed connection ({@link PooledChannel#awaitConnection})
     */
    public EndpointGuard(String target, RemotePolicy policy, LongSupplier nanoClock, Consumer<Deadline> onTrial) {
        this.target = target;
        this.limit = policy.maxInFlightPerEndpoint();
        this.slots = new Semaphore(limit);
        this.breaker = new CircuitBreaker(target, policy.circuitFailureThreshold(), policy.circuitOpenDuration(),
                nanoClock);
        this.onTrial = onTrial;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Slots free right now (for tests and diagnostics). */
    public int freeSlots() {
        return slots.availablePermits();
    }

    /**
     * Admits one attempt, blocking for a slot at most until {@code deadline}. The caller must
     * close the returned attempt, having reported at most one verdict.
     *
     * @param what names the call in failures, e.g. {@code "call to Echo"}
     * @throws RemoteCallException {@link HostStatus#SERVICE_UNAVAILABLE}: circuit open, or no slot
     *                             before the deadline (or interrupted while waiting)
     */
    public Attempt admit(Deadline deadline, String what) {
        boolean trial = breaker.admit(what);
        try {
            acquireSlot(deadline, what);
        } catch (RuntimeException e) {
            breaker.recordNoVerdict(trial);
            throw e;
        }
        if (trial) {
            onTrial.accept(deadline);
        }
        return new Attempt(trial);
    }

    private void acquireSlot(Deadline deadline, String what) {
        if (slots.tryAcquire()) {
            return;
        }
        long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
        try {
            if (nanos > 0 && slots.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, what + " not sent: interrupted while"
                    + " waiting for one of the " + limit + " in-flight slots of " + target, e);
        }
        throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "too many calls in flight to " + target
                + " (limit " + limit + "); " + what + " waited until its deadline and was not sent");
    }

    /** One admitted attempt: holds a slot until closed. Not thread-safe. */
    public final class Attempt implements AutoCloseable {
        private final boolean trial;
        private boolean judged;
        private boolean closed;

        private Attempt(boolean trial) {
            this.trial = trial;
        }

        /** The endpoint answered, with a result or a remote error. */
        public void answered() {
            judged = true;
            breaker.recordAnswer();
        }

        /** The endpoint was unavailable or did not answer in time. */
        public void failed() {
            judged = true;
            breaker.recordFailure(trial);
        }

        /** Frees the slot; without a verdict the attempt leaves the breaker as it was. Idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            slots.release();
            if (!judged) {
                breaker.recordNoVerdict(trial);
            }
        }
    }
}
