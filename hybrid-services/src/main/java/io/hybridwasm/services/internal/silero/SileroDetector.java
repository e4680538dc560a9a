package io.hybridwasm.services.internal.silero;

import java.util.Arrays;

/**
 * Cuts a chunk of 16 kHz samples into the model's {@value SileroModel#WINDOW}-sample windows and turns their
 * probabilities into one {@link ChunkVerdict}.
 *
 * <p><b>Stateless</b> ({@link #judge}): full windows from the start; a tail shorter than a
 * window is judged by one more window ending at the chunk's last sample (it overlaps the one
 * before), and a chunk shorter than a window is padded with silence. From a fresh state the
 * network needs a few windows of context before its probabilities settle (on the dev corpus a
 * fresh pass over 0.5 s chunks misses a sixth of the speech at threshold 0.5), so the chunk is
 * run twice: the first pass only warms the recurrent state up, the second is scored. This
 * doubles the cost of a stateless call and keeps it deterministic.
 * <b>Continued</b> ({@link #judgeContinued}): the state and an incomplete trailing window
 * carry over, so a stream cut into chunks of any size sees the same windows as one long call.
 *
 * <p>Each window's probability is weighted by the number of the chunk's own samples it
 * covers, so the confidence estimates the share of the chunk the model hears as speech.
 */
public final class SileroDetector {

    private static final int W = SileroModel.WINDOW;

    private SileroDetector() {
    }

    /** Judges {@code samples} on their own: a warm-up pass from a fresh state, then the scored pass. */
    public static ChunkVerdict judge(WindowRunner runner, float[] samples) {
        if (samples.length == 0) {
            return new ChunkVerdict(0, new float[0], 0);
        }
        float[] audio = samples.length < W ? Arrays.copyOf(samples, W) : samples;
        runner.resetState();
        pass(runner, audio);
        return pass(runner, audio);
    }

    private static ChunkVerdict pass(WindowRunner runner, float[] samples) {
        int n = samples.length;
        int full = n / W;
        int tail = n % W;
        float[] probabilities = new float[full + (tail > 0 ? 1 : 0)];
        double weighted = 0;
        for (int i = 0; i < full; i++) {
            probabilities[i] = runner.step(samples, i * W);
            weighted += (double) probabilities[i] * W;
        }
        if (tail > 0) {
            probabilities[full] = runner.step(samples, n - W);
            weighted += (double) probabilities[full] * tail;
        }
        return new ChunkVerdict(weighted / n, probabilities, probabilities.length);
    }

    /**
     * Judges {@code samples} as the continuation of {@code state}'s stream and advances it.
     * A chunk that completes no window reports the stream's latest window probability. The
     * first {@code previousSamples} of {@code samples} are the end of the chunk before, held back
     * by a filter in front of the model (0 without one): the window that completes the pending
     * samples counts as carried unless most of it is this chunk's.
     */
    public static ChunkVerdict judgeContinued(WindowRunner runner, float[] samples, StreamState state, int previousSamples) {
        runner.loadState(state.h, state.c);
        int n = samples.length;
        int maxWindows = (state.pendingCount + n) / W;
        float[] probabilities = new float[maxWindows];
        int windows = 0;
        double weighted = 0;
        int used = 0;
        int carried = 0;
        if (state.pendingCount > 0 && state.pendingCount + n >= W) {
            used = W - state.pendingCount;
            System.arraycopy(samples, 0, state.pending, state.pendingCount, used);
            probabilities[windows] = runner.step(state.pending, 0);
            weighted += (double) probabilities[windows++] * used;
            carried = used - previousSamples < W / 2 ? 1 : 0;
            state.pendingCount = 0;
        }
        while (n - used >= W) {
            probabilities[windows] = runner.step(samples, used);
            weighted += (double) probabilities[windows++] * W;
            used += W;
        }
        int rest = n - used;
        System.arraycopy(samples, used, state.pending, state.pendingCount, rest);
        state.pendingCount += rest;
        runner.saveState(state.h, state.c);
        state.windows += windows;
        if (windows == 0) {
            return new ChunkVerdict(state.lastProbability, probabilities, state.windows);
        }
        state.lastProbability = probabilities[windows - 1];
        return new ChunkVerdict(weighted / used, probabilities, state.windows, 0, carried);
    }
}
