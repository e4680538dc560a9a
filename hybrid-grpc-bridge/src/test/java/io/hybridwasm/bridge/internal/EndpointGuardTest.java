package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemotePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointGuardTest {
    private static final RemotePolicy POLICY = RemotePolicy.builder().maxInFlightPerEndpoint(2)
            .circuitBreaker(2, Duration.ofSeconds(1)).build();

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger trials = new AtomicInteger();
    private final EndpointGuard guard = new EndpointGuard("vad:50051", POLICY, now::get, d -> trials.incrementAndGet());

    @Test
    void aCallBeyondTheBoundWaitsUntilItsDeadlineThenFailsUnavailable() {
        EndpointGuard.Attempt a = guard.admit(in(1_000), "a");
        EndpointGuard.Attempt b = guard.admit(in(1_000), "b");
        long start = System.nanoTime();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> guard.admit(in(150), "call to Echo"));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
        assertTrue(e.getMessage().startsWith("too many calls in flight to vad:50051 (limit 2)"), e.getMessage());
        assertTrue(waitedMillis >= 100, "waited only " + waitedMillis + " ms");
        assertEquals(0, guard.freeSlots());
        a.close();
        b.close();
        assertEquals(2, guard.freeSlots());
    }

    @Test
    void aWaitingCallGetsTheSlotAFinishingCallFrees() throws Exception {
        EndpointGuard.Attempt a = guard.admit(in(1_000), "a");
        EndpointGuard.Attempt b = guard.admit(in(1_000), "b");
        CompletableFuture<EndpointGuard.Attempt> third = CompletableFuture.supplyAsync(() -> guard.admit(in(5_000), "c"));
        Thread.sleep(100);
        assertTrue(!third.isDone(), "the third call must wait while both slots are taken");
        a.close();
        EndpointGuard.Attempt c = third.get(5, TimeUnit.SECONDS);
        b.close();
        c.close();
        c.close();
        assertEquals(2, guard.freeSlots(), "closing twice releases once");
    }

    @Test
    void anOpenCircuitRefusesBeforeTakingASlotAndAHalfOpenOnePreparesItsTrialOnce() {
        for (int i = 0; i < 2; i++) {
            try (EndpointGuard.Attempt attempt = guard.admit(in(1_000), "x")) {
                attempt.failed();
            }
        }
        assertThrows(RemoteCallException.class, () -> guard.admit(in(1_000), "refused"));
        assertEquals(2, guard.freeSlots());

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        try (EndpointGuard.Attempt trial = guard.admit(in(1_000), "trial")) {
            assertEquals(1, trials.get());
            assertThrows(RemoteCallException.class, () -> guard.admit(in(1_000), "during trial"));
            trial.answered();
        }
        assertEquals(CircuitBreaker.Mode.CLOSED, guard.breaker().mode());
    }

    @Test
    void aTrialThatFindsNoSlotDoesNotKeepTheTrial() {
        EndpointGuard tight = new EndpointGuard("t", RemotePolicy.builder().maxInFlightPerEndpoint(1)
                .circuitBreaker(1, Duration.ofSeconds(1)).build(), now::get, d -> trials.incrementAndGet());
        try (EndpointGuard.Attempt attempt = tight.admit(in(1_000), "x")) {
            attempt.failed();
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        EndpointGuard.Attempt holder = forceSlotTaken(tight);
        assertThrows(RemoteCallException.class, () -> tight.admit(in(50), "trial without a slot"));
        holder.close();
        try (EndpointGuard.Attempt trial = tight.admit(in(1_000), "real trial")) {
            trial.answered();
        }
        assertEquals(CircuitBreaker.Mode.CLOSED, tight.breaker().mode());
    }

    /** Takes the only slot as the trial and gives the trial back, leaving the slot taken. */
    private static EndpointGuard.Attempt forceSlotTaken(EndpointGuard guard) {
        EndpointGuard.Attempt attempt = guard.admit(in(1_000), "holder");
        guard.breaker().recordNoVerdict(true);
        return attempt;
    }

    private static Deadline in(long millis) {
        return Deadline.after(millis, TimeUnit.MILLISECONDS);
    }
}
