package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.internal.CircuitBreaker.Mode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private static final Duration OPEN = Duration.ofMillis(200);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker("vad:50051", 3, OPEN, now::get);

    @Test
    void opensAfterThresholdConsecutiveFailuresAndRefusesWithoutAdmitting() {
        for (int i = 0; i < 2; i++) {
            assertFalse(breaker.admit("call"));
            breaker.recordFailure(false);
            assertEquals(Mode.CLOSED, breaker.mode());
        }
        breaker.admit("call");
        breaker.recordFailure(false);
        assertEquals(Mode.OPEN, breaker.mode());

        RemoteCallException refused = assertThrows(RemoteCallException.class, () -> breaker.admit("call to Echo"));
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, refused.status());
        assertTrue(refused.getMessage().startsWith("circuit open for vad:50051"), refused.getMessage());
        assertTrue(refused.getMessage().contains("call to Echo not sent"), refused.getMessage());
        assertThrows(RemoteCallException.class, () -> breaker.refuseIfOpen("stream to Echo"));
    }

    @Test
    void anAnswerResetsTheCountSoOnlyConsecutiveFailuresOpen() {
        breaker.recordFailure(false);
        breaker.recordFailure(false);
        breaker.recordAnswer();
        breaker.recordFailure(false);
        breaker.recordFailure(false);
        assertEquals(Mode.CLOSED, breaker.mode());
        breaker.recordFailure(false);
        assertEquals(Mode.OPEN, breaker.mode());
    }

    @Test
    void afterTheOpenPeriodExactlyOneTrialGoesThroughAndItsSuccessCloses() {
        open();
        now.addAndGet(OPEN.toNanos() - 1);
        assertThrows(RemoteCallException.class, () -> breaker.admit("call"));
        now.addAndGet(1);
        assertEquals(Mode.HALF_OPEN, breaker.mode());
        breaker.refuseIfOpen("stream");

        assertTrue(breaker.admit("trial"));
        RemoteCallException second = assertThrows(RemoteCallException.class, () -> breaker.admit("another"));
        assertTrue(second.getMessage().contains("trial call is in flight"), second.getMessage());

        breaker.recordAnswer();
        assertEquals(Mode.CLOSED, breaker.mode());
        assertFalse(breaker.admit("call"));
    }

    @Test
    void aFailedTrialReopensForAnotherFullPeriod() {
        open();
        now.addAndGet(OPEN.toNanos());
        assertTrue(breaker.admit("trial"));
        breaker.recordFailure(true);
        assertEquals(Mode.OPEN, breaker.mode());
        now.addAndGet(OPEN.toNanos() - 1);
        assertThrows(RemoteCallException.class, () -> breaker.admit("call"));
        now.addAndGet(1);
        assertTrue(breaker.admit("next trial"));
    }

    @Test
    void aTrialWithoutVerdictFreesTheSlotForTheNextCall() {
        open();
        now.addAndGet(OPEN.toNanos());
        assertTrue(breaker.admit("trial"));
        breaker.recordNoVerdict(true);
        assertTrue(breaker.admit("next trial"));
    }

    @Test
    void aStragglerFailingAfterTheCircuitOpenedDoesNotExtendIt() {
        open();
        long openedAt = now.get();
        now.addAndGet(OPEN.toNanos() / 2);
        breaker.recordFailure(false);
        now.set(openedAt + OPEN.toNanos());
        assertEquals(Mode.HALF_OPEN, breaker.mode());
    }

    @Test
    void thresholdZeroDisablesTheBreaker() {
        CircuitBreaker off = new CircuitBreaker("t", 0, OPEN, now::get);
        for (int i = 0; i < 100; i++) {
            assertFalse(off.admit("call"));
            off.recordFailure(false);
        }
        assertEquals(Mode.CLOSED, off.mode());
    }

    @Test
    void concurrentCallersGetOneTrialBetweenThem() throws Exception {
        open();
        now.addAndGet(OPEN.toNanos());
        int threads = 8;
        AtomicInteger trials = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < threads; i++) {
                pool.submit(() -> {
                    start.await();
                    try {
                        if (breaker.admit("call")) {
                            trials.incrementAndGet();
                        }
                    } catch (RemoteCallException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(1, trials.get());
        assertEquals(threads - 1, refused.get());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.recordFailure(false);
        }
        assertEquals(Mode.OPEN, breaker.mode());
    }
}
