package io.hybridwasm.examples.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Detection scores of one mode over a set of chunks: the confusion counts of the scored chunks,
 * precision, recall, F1 and accuracy (NaN where undefined, e.g. F1 of a file with no speech),
 * the share of all chunks answered by the remote detector, remote calls that failed, and the
 * median and 99th-percentile latency per chunk.
 */
public record Scores(EvalMode mode, int chunks, int truePositives, int falsePositives, int trueNegatives,
                     int falseNegatives, double remoteShare, int remoteFailures, double p50Millis, double p99Millis) {

    /** Scores of {@code verdicts}, all of {@code mode}. */
    public static Scores of(EvalMode mode, List<ChunkVerdict> verdicts) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        int remote = 0;
        int failures = 0;
        long[] micros = new long[verdicts.size()];
        for (int i = 0; i < verdicts.size(); i++) {
            ChunkVerdict v = verdicts.get(i);
            micros[i] = v.micros();
            remote += v.verdict().remote() ? 1 : 0;
            failures += v.verdict().remoteStatus().isPresent() ? 1 : 0;
            if (v.truth() == Truth.EXCLUDED) {
                continue;
            }
            boolean truth = v.truth() == Truth.SPEECH;
            boolean said = v.verdict().isSpeech();
            if (truth && said) {
                tp++;
            } else if (truth) {
                fn++;
            } else if (said) {
                fp++;
            } else {
                tn++;
            }
        }
        Arrays.sort(micros);
        return new Scores(mode, verdicts.size(), tp, fp, tn, fn,
                verdicts.isEmpty() ? Double.NaN : (double) remote / verdicts.size(), failures,
                percentile(micros, 0.50), percentile(micros, 0.99));
    }

    public int scored() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
        return ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, scored());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
