package io.hybridwasm.services.internal.silero;

/**
 * What one session or stream carries from chunk to chunk: the model's recurrent state, the
 * samples of an incomplete last window, the stream's noise suppressor and its gain control, so
 * that consecutive chunks are judged as one signal.
 * Not thread-safe: callers lock on it.
 */
public final class StreamState {

    final float[] h = new float[SileroModel.STATE_SIZE];
    final float[] c = new float[SileroModel.STATE_SIZE];
    final float[] pending = new float[SileroModel.WINDOW];
    int pendingCount;
    long windows;
    float lastProbability;
    private final AutomaticGain gain = new AutomaticGain();
    private final NoiseSuppressor suppressor = new NoiseSuppressor();

    /** A fresh state: zero recurrent state, nothing pending. */
    public StreamState() {
    }

    /** Windows run in this stream so far. */
    public long windows() {
        return windows;
    }

    /** The stream's gain control, applied to each chunk before the model sees it. */
    public AutomaticGain gain() {
        return gain;
    }

    /** The stream's noise suppressor, applied to each chunk before the gain control. */
    public NoiseSuppressor suppressor() {
        return suppressor;
    }

    /** Samples waiting for the next call to complete a window. */
    public int pendingSamples() {
        return pendingCount;
    }
}
