package io.hybridwasm.services.internal.dsp;

/**
 * How the voice activity detector reads and smooths one payload.
 *
 * @param sampleRate samples per second of the (mono) input, 8000..192000
 * @param threshold frame score at or above which a frame counts as speech, in (0, 1)
 * @param hangoverMs how long speech stays on after the last speech frame, 0..2000 ms
 */
public record VadParameters(int sampleRate, double threshold, int hangoverMs) {

    /** Frames are 20 ms long and do not overlap. */
    public static final int FRAME_MS = 20;
    /** The default sample rate. */
    public static final int DEFAULT_SAMPLE_RATE = 16_000;
    /** The default frame score threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The default hangover: 200 ms, i.e. 10 frames. */
    public static final int DEFAULT_HANGOVER_MS = 200;

    /** Checks the ranges; messages name the config key callers use. */
    public VadParameters {
        if (sampleRate < 8_000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample_rate must be in 8000..192000, was " + sampleRate);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
        }
        if (hangoverMs < 0 || hangoverMs > 2_000) {
            throw new IllegalArgumentException("hangover_ms must be in 0..2000, was " + hangoverMs);
        }
    }

    /** The defaults at 16 kHz. */
    public static VadParameters defaults() {
        return new VadParameters(DEFAULT_SAMPLE_RATE, DEFAULT_THRESHOLD, DEFAULT_HANGOVER_MS);
    }

    /** Samples per frame. */
    public int frameLength() {
        return sampleRate * FRAME_MS / 1000;
    }

    /** Frames the hangover lasts. */
    public int hangoverFrames() {
        return hangoverMs / FRAME_MS;
    }
}
