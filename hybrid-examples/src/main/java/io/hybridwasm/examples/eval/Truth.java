package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.corpus.Label;

import java.util.List;

/**
 * A chunk's ground truth from the labels: speech when labelled speech covers at least half of
 * it, non-speech when at most a tenth, and left out of the score in between (a chunk that is a
 * quarter speech has no right answer).
 */
public enum Truth {
    SPEECH, NON_SPEECH, EXCLUDED;

    static final double SPEECH_COVERAGE = 0.5;
    static final double NON_SPEECH_COVERAGE = 0.1;
    /** Label times are decimal seconds; a share that is a tenth on paper may be a hair above in binary. */
    private static final double TOLERANCE = 1e-9;

    /** The truth of {@code [from, to)} seconds under {@code labels}. */
    public static Truth of(List<Label> labels, double from, double to) {
        double covered = 0;
        for (Label l : labels) {
            covered += l.overlap(from, to);
        }
        double share = covered / (to - from);
        return share >= SPEECH_COVERAGE - TOLERANCE ? SPEECH
                : share <= NON_SPEECH_COVERAGE + TOLERANCE ? NON_SPEECH : EXCLUDED;
    }
}
