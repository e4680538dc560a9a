package io.hybridwasm.services.internal.dsp;

/**
 * What the voice activity detector remembers between the chunks of one session: the noise
 * floor, the smoothing state, and the samples of an incomplete last frame.
 *
 * <p>Not thread-safe: callers hold the instance's monitor while using it, since two calls in
 * one session may overlap.
 */
public final class VadState {

    double noiseFloorDb = Double.NaN;
    boolean inSpeech;
    int hangoverLeft;
    int onsetRun;
    long framesSeen;
    double lastConfidence;
    int sampleRate;
    float[] carry = new float[0];

    /** A fresh state: no frames seen, noise floor at its prior. */
    public VadState() {
    }

    /** Frames analysed so far. */
    public long framesSeen() {
        return framesSeen;
    }

    /** The current noise-floor estimate in dBFS, or NaN before the first frame. */
    public double noiseFloorDb() {
        return noiseFloorDb;
    }

    /** Whether the smoothed decision is currently speech. */
    public boolean inSpeech() {
        return inSpeech;
    }
}
