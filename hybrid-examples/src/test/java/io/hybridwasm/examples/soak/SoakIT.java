package io.hybridwasm.examples.soak;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short soak, in process: three real replicas on loopback with a token, one restarted every
 * 5 s, the committed {@code remote_patterns} and {@code session_client} guests on GraalWasm. Asserts what must hold however
 * fast the machine is: no call hangs, every call is counted once, restarts and rotations
 * happened, every kind of call got through. Losses and resource growth are judged by the long
 * {@code hybrid soak} run, not here.
 */
class SoakIT {
    private static final int FRAMES_PER_STACK = 30;

    @Test
    void shortSoakWithRestartsAnswersEveryCallAndItsCountsAddUp() throws Exception {
        SoakOptions options = new SoakOptions(Duration.ZERO, Duration.ofSeconds(20), 3, Duration.ofSeconds(5), Duration.ofMillis(500),
                3, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5), 16, Rotation.TOKEN);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakReport report;
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            report = new SoakRun(options, Duration.ofMillis(5), new PrintStream(printed, true, StandardCharsets.UTF_8))
                    .run(runtime);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        Snapshot end = report.end();

        // One line: a build log's summary keeps a single-line message whole, and its excerpt may hold nothing else.
        assertEquals(0, end.unanswered(), hangs(text));
        assertEquals(end.made(), end.answered(), "every call ended and was counted once\n" + text);
        for (Snapshot snapshot : new Snapshot[] {report.start(), report.middle(), end}) {
            assertTrue(snapshot.addsUp(), snapshot.label() + "\n" + text);
        }
        assertEquals(0, report.start().made());
        assertTrue(report.middle().made() > 0 && report.middle().made() <= end.made(), text);
        assertTrue(end.restarts() >= 3, "restarts at 5, 10 and 15 s\n" + text);
        assertEquals(end.restarts(), end.rotations(), "one token rotation per restart\n" + text);
        for (CallKind kind : CallKind.values()) {
            assertTrue(end.kinds().get(kind).made() > 0, kind + "\n" + text);
            assertTrue(end.status(kind, "OK") > 0, kind + " got through at least once\n" + text);
            assertEquals(0, end.status(kind, "wrong-answer"), kind + "\n" + text);
        }
        assertEquals(0, end.status(CallKind.SESSION, "-5"),
                "a session's calls reach the replica that owns it, never one that does not know it\n" + text);
        assertTrue(report.start().resources().openFds() > 0 && end.resources().heapAfterGcBytes() > 0, text);
        assertTrue(text.contains("== start") && text.contains("== middle") && text.contains("== end"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("verdict: " + (report.passed() ? "PASS" : "FAIL"))), text);
    }

    /** The watchdog's hang reports (caller and stack, the lock's holder and its stack) joined into one line. */
    static String hangs(String printed) {
        StringBuilder line = new StringBuilder();
        boolean inReport = false;
        int frames = 0;
        for (String l : printed.lines().toList()) {
            if (l.startsWith("soak: unanswered")) {
                inReport = true;
                frames = 0;
                line.append(line.isEmpty() ? "" : " || ").append(l);
            } else if (inReport && l.startsWith("    at ")) {
                if (frames++ < FRAMES_PER_STACK) {
                    line.append(" < ").append(l.strip());
                }
            } else if (inReport && l.startsWith("  ")) {
                frames = 0;
                line.append(" | ").append(l.strip());
            } else {
                inReport = false;
            }
        }
        return line.isEmpty() ? "calls unanswered, no hang report printed" : line.toString();
    }
}
