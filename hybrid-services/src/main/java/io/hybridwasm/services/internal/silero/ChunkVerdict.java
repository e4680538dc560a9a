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
 */
public record ChunkVerdict(double confidence, float[] probabilities, long streamWindows, double gainDb) {

    /** This verdict with {@code gainDb} recorded. */
    public ChunkVerdict withGain(double gainDb) {
        return new ChunkVerdict(confidence, probabilities, streamWindows, gainDb);
    }

    /**
     * This verdict with the highest probability among its windows as the confidence (this
     * verdict when it ran no window): whether the chunk holds speech at all, rather than how
     * much of it is speech.
     */
    public ChunkVerdict byPeak() {
        if (probabilities.length == 0) {
            return this;
        }
        float peak = 0;
        for (float p : probabilities) {
            peak = Math.max(peak, p);
        }
        return new ChunkVerdict(peak, probabilities, streamWindows, gainDb);
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
