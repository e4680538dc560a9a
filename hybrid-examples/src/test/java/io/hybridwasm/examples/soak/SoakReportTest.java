package io.hybridwasm.examples.soak;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict's rules, and the watchdog's count-once rule, on made-up figures. */
class SoakReportTest {
    private static final SoakOptions OPTIONS = SoakOptions.defaults(Duration.ofMinutes(10), Duration.ofSeconds(30));

    private static Snapshot snapshot(long heapMiB, long fds, long made, long answered, long lost, long unanswered) {
        Map<CallKind, KindFigures> kinds = new EnumMap<>(CallKind.class);
        for (CallKind kind : CallKind.values()) {
            kinds.put(kind, new KindFigures(0, 0, 0, 0, 0, Map.of(), 0));
        }
        kinds.put(CallKind.ECHO_UNCACHED, new KindFigures(made, answered, unanswered, 0, lost,
                Map.of("OK", answered - lost + unanswered, "-2", lost - unanswered), 0));
        return new Snapshot("x", Duration.ZERO, kinds, new Resources(heapMiB << 20, fds, Map.of("socket", fds), 30), 4, 4);
    }

    @Test
    void passesWithNothingLostAndFlatResources() {
        SoakReport report = new SoakReport(OPTIONS, snapshot(40, 80, 0, 0, 0, 0), snapshot(50, 90, 10, 10, 0, 0),
                snapshot(54, 90 + OPTIONS.fdSlack(), 20, 20, 0, 0));
        assertEquals(List.of(), report.failures());
        assertTrue(report.verdict().startsWith("verdict: PASS: 20 calls, lost 0, unanswered 0, heap end/middle 1.080"),
                report.verdict());
    }

    @Test
    void failsOnEachJudgedFigureAndNamesIt() {
        SoakReport report = new SoakReport(OPTIONS, snapshot(40, 80, 0, 0, 0, 0), snapshot(50, 90, 10, 10, 0, 0),
                snapshot(56, 91 + OPTIONS.fdSlack(), 20, 19, 3, 1));
        assertFalse(report.passed());
        assertEquals(List.of("3 idempotent calls lost", "1 calls unanswered",
                "heap after GC grew 1.120x from middle to end (limit 1.10x)",
                "open descriptors grew by 17 from middle to end (slack 16)"), report.failures());
        assertTrue(report.verdict().startsWith("verdict: FAIL:"), report.verdict());
    }

    @Test
    void countsThatDoNotAddUpFailTheRun() {
        SoakReport report = new SoakReport(OPTIONS, snapshot(40, 80, 0, 0, 0, 0), snapshot(50, 90, 10, 10, 0, 0),
                snapshot(50, 90, 20, 18, 0, 0));
        assertEquals(List.of("counts do not add up: made 20 != answered 18 + unanswered 0"), report.failures());
    }

    @Test
    void watchdogCountsAHungCallOnceAndItsLateReturnAsLate() {
        Tally tally = new Tally();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Watchdog watchdog = new Watchdog(2, Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            Object hung = watchdog.start(0, CallKind.ECHO_CACHED, tally);
            watchdog.scan();
            watchdog.scan();
            assertFalse(watchdog.finish(0, hung), "the watchdog claimed it");
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("soak: unanswered " + CallKind.ECHO_CACHED.label() + " call on " + Thread.currentThread().getName()), text);
        assertTrue(text.contains("watchdogCountsAHungCallOnceAndItsLateReturnAsLate"), "the hung caller's stack\n" + text);
        KindFigures echo = tally.figures().get(CallKind.ECHO_CACHED);
        assertEquals(1, echo.made());
        assertEquals(1, echo.unanswered());
        assertEquals(1, echo.lost(), "an unanswered idempotent call is lost");
        assertEquals(0, echo.answered());
    }

    @Test
    void aCallerBlockedOnALockIsShownWithTheLocksHolderAndItsStack() throws Exception {
        Object lock = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().daemon().name("soak-test-holder").start(() -> {
            synchronized (lock) {
                held.countDown();
                awaitQuietly(done);
            }
        });
        held.await();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Tally tally = new Tally();
        try (Watchdog watchdog = new Watchdog(1, Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            Thread caller = Thread.ofPlatform().daemon().name("soak-test-caller").start(() -> {
                Object call = watchdog.start(0, CallKind.SESSION, tally);
                synchronized (lock) {
                    watchdog.finish(0, call);
                }
            });
            while (caller.getState() != Thread.State.BLOCKED) {
                Thread.sleep(1);
            }
            watchdog.scan();
            done.countDown();
            caller.join();
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("soak: unanswered " + CallKind.SESSION.label() + " call on soak-test-caller"), text);
        assertTrue(text.contains("soak-test-caller waits (BLOCKED) on java.lang.Object@") && text.contains("held by soak-test-holder"), text);
        assertTrue(text.contains("its holder's stack:") && text.contains("awaitQuietly"), "where the holder is\n" + text);
        assertTrue(SoakIT.hangs(text).contains("held by soak-test-holder"), "the one-line form keeps the holder");
        assertFalse(SoakIT.hangs(text).contains("\n"), "one line");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void answeredCallIsCountedByStatusAndNotLostUnlessIdempotent() {
        Tally tally = new Tally();
        try (Watchdog watchdog = new Watchdog(1, Duration.ofHours(1), System.out)) {
            Object call = watchdog.start(0, CallKind.SESSION, tally);
            watchdog.scan();
            assertTrue(watchdog.finish(0, call));
            tally.answered(CallKind.SESSION, "-11", 5_000_000);
            Object next = watchdog.start(0, CallKind.SESSION, tally);
            assertTrue(watchdog.finish(0, next));
            tally.answered(CallKind.SESSION, "OK", 2_000_000);
        }
        KindFigures session = tally.figures().get(CallKind.SESSION);
        assertEquals(Map.of("-11", 1L, "OK", 1L), session.statuses());
        assertEquals(5_000_000, session.slowestNanos(), "the slowest answer, not the last");
        assertEquals(0, session.lost());
        assertEquals(0, session.inFlight());
    }
}
