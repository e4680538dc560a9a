package io.hybridwasm.examples.eval;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints an evaluation as text: one row per mode over the corpus, then F1 and accuracy per file. */
public final class ScoreTable {
    private ScoreTable() {
    }

    public static void print(EvalResult result, PrintStream out) {
        Map<EvalMode, Scores> overall = result.overall();
        Scores any = overall.values().iterator().next();
        out.printf(Locale.ROOT, "%d files, %d chunks of %.2f s per mode, %d scored (%d speech, %d non-speech), band %s-%s%n",
                result.clips().size(), any.chunks(), result.chunkSeconds(), any.scored(),
                any.truePositives() + any.falseNegatives(), any.trueNegatives() + any.falsePositives(),
                result.band().lo(), result.band().hi());
        out.printf(Locale.ROOT, "%-7s %9s %7s %6s %8s %7s %7s %7s%n",
                "mode", "precision", "recall", "F1", "accuracy", "remote", "p50 ms", "p99 ms");
        for (Scores s : overall.values()) {
            out.printf(Locale.ROOT, "%-7s %9s %7s %6s %8s %6.1f%% %7.2f %7.2f%n", s.mode().label(),
                    fixed(s.precision()), fixed(s.recall()), fixed(s.f1()), fixed(s.accuracy()),
                    100 * s.remoteShare(), s.p50Millis(), s.p99Millis());
            if (s.remoteFailures() > 0) {
                out.printf(Locale.ROOT, "        warning: %d remote calls failed; those chunks kept the local verdict%n",
                        s.remoteFailures());
            }
        }
        out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-28s", "file"));
        for (EvalMode m : result.modes()) {
            header.append(String.format(Locale.ROOT, " %15s", m.label() + " F1/acc"));
        }
        out.println(header.append(result.modes().contains(EvalMode.HYBRID) ? "  hybrid remote" : ""));
        for (var clip : result.clips()) {
            Map<EvalMode, Scores> perFile = result.of(clip.file());
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s", clip.file()));
            for (Scores s : perFile.values()) {
                row.append(String.format(Locale.ROOT, " %15s", fixed(s.f1()) + "/" + fixed(s.accuracy())));
            }
            Scores hybrid = perFile.get(EvalMode.HYBRID);
            if (hybrid != null) {
                row.append(String.format(Locale.ROOT, "  %12.0f%%", 100 * hybrid.remoteShare()));
            }
            out.println(row);
        }
    }

    static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
