package io.hybridwasm.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which guest functions Truffle has compiled so far, from its own compilation trace: engines
 * built while {@link #start()}'s system properties are set log {@code engine.TraceCompilation}
 * to a temporary file, one {@code opt done} line per finished compilation with its tier. Unlike a
 * timing heuristic, this says for certain whether the guest ran compiled; on a starved machine a
 * 10 s warm-up may finish no compilation at all.
 */
final class TruffleCompilations implements AutoCloseable {
    private static final String TRACE = "polyglot.engine.TraceCompilation";
    private static final String LOG_FILE = "polyglot.log.file";

    private final Path log;

    private TruffleCompilations(Path log) {
        this.log = log;
    }

    /** Traces compilations of the engines built from now until {@link #stopTracingNewEngines()}. */
    static TruffleCompilations start() {
        try {
            Path log = Files.createTempFile("hybrid-truffle-compilations", ".log");
            System.setProperty(TRACE, "true");
            System.setProperty(LOG_FILE, log.toString());
            return new TruffleCompilations(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Engines built after this keep their default logging; the ones built before keep tracing. */
    void stopTracingNewEngines() {
        System.clearProperty(TRACE);
        System.clearProperty(LOG_FILE);
    }

    /** Compilations finished so far, per tier. */
    Count count() {
        try {
            List<String> done = Files.readAllLines(log).stream().filter(l -> l.contains("opt done")).toList();
            return new Count(done.stream().filter(l -> l.contains("|Tier 1|")).count(),
                    done.stream().filter(l -> l.contains("|Tier 2|")).count());
        } catch (IOException e) {
            return new Count(-1, -1);
        }
    }

    @Override
    public void close() {
        stopTracingNewEngines();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    /** Finished compilations at Truffle's first (quick) and second (optimising) tier. */
    record Count(long tier1, long tier2) {
        @Override
        public String toString() {
            return tier1 < 0 ? "unknown (trace unreadable)" : tier2 + " functions at Tier 2, " + tier1 + " at Tier 1";
        }
    }
}
