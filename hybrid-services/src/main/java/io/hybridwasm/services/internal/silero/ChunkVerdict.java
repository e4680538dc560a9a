package io.hybridwasm.services.internal.silero;

/**
 * The model's judgement of one chunk.
 *
 * @param confidence the chunk's speech probability: the window probabilities averaged, each
 *     weighted by how many of the chunk's samples its window covers (0..1)
 * @param probabilities the probability of each window run for this chunk, in order
 * @param streamWindows windows run in the session or stream so far, this chunk's included
 *     (this chunk's count when stateless)
 * @param gainDb the gain {@link AutomaticGain} applied before the model (in a stream: at the
 *     chunk's end)
 * @param carried how many of the first windows hold mostly samples of the chunk before (0 or
 *     1: in a stream, the window completed by this chunk's first samples)
 */
public record ChunkVerdict(double confidence, float[] probabilities, long streamWindows, double gainDb, int carried) {

    /** A verdict before any gain ({@link #withGain}), whose windows all hold mostly this chunk's samples. */
    public ChunkVerdict(double confidence, float[] probabilities, long streamWindows) {
        this(confidence, probabilities, streamWindows, 0, 0);
    }

    /** This verdict with {@code gainDb} recorded. */
    public ChunkVerdict withGain(double gainDb) {
        return new ChunkVerdict(confidence, probabilities, streamWindows, gainDb, carried);
    }

    /**
     * This verdict with the highest probability among its own windows as the confidence
     * (skipping a {@link #carried} window unless it is the only one; this verdict when it ran no
     * window): whether the chunk holds speech at all, rather than how much of it is speech.
     */
    public ChunkVerdict byPeak() {
        if (probabilities.length == 0) {
            return this;
        }
        int from = probabilities.length > carried ? carried : 0;
        float peak = 0;
        for (int i = from; i < probabilities.length; i++) {
            peak = Math.max(peak, probabilities[i]);
        }
        return new ChunkVerdict(peak, probabilities, streamWindows, gainDb, carried);
    }

    /** Windows whose probability reaches {@code threshold}. */
    public int windowsAtLeast(double threshold) {
        int n = 0;
        for (float p : probabilities) {
            if (p >= threshold) {
                n++;
            }
        }
        return n;
    }
}
