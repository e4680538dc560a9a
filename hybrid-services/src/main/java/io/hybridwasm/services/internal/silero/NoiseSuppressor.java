package io.hybridwasm.services.internal.silero;

import java.util.Arrays;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * A streaming Wiener filter in front of Silero VAD, which misses speech in steady broadband
 * noise: at 0–5 dB SNR over white or pink noise it heard about a third of the speech chunks as
 * silence, with probabilities of 0.3–0.6 where the same speech in quiet scores above 0.9.
 *
 * <p>The textbook short-time method: 32 ms frames ({@value #FRAME} samples, square-root Hann
 * window, half overlap, overlap-add), a noise power estimate per frequency bin by minimum
 * statistics (the smoothed power's minimum over the last 85–96 frames, about 1.5 s, times
 * {@value #MINIMUM_BIAS} for the minimum's bias; Martin 2001, with his subwindows: the minimum
 * of each {@value #SUBWINDOW_FRAMES}-frame subwindow is kept for the last {@value #PAST_SUBWINDOWS}
 * of them, so a stream holds ~18 KB of history instead of every frame's spectrum), and per bin the
 * Wiener gain {@code ξ / (1 + ξ)} with the a-priori SNR {@code ξ} estimated as the a-posteriori
 * SNR minus one, never below {@value #FLOOR_DB} dB so that no bin is muted (which would leave
 * the tonal "musical noise" a network may hear as voice). Nothing is learnt or tuned per
 * signal: the noise estimate follows the stream by itself, so steady noise is lowered and
 * speech, whose power keeps rising above the minimum, passes. The first half second passes
 * unchanged: an estimate from a few raw frames flickers from bin to bin, and the flicker itself
 * sounds voiced to the model.
 *
 * <p>Causal: the output lags the input by {@code FRAME - HOP} to {@code FRAME - 1} samples (a
 * sample is final once the last frame that covers it is added), so a call returns the samples
 * completed so far, whole hops, and keeps the rest for the next call. One instance per stream;
 * not thread-safe.
 */
public final class NoiseSuppressor {

    /** Samples per analysis frame. */
    static final int FRAME = 512;
    /** Samples between frames. */
    static final int HOP = FRAME / 2;
    /** Frames per subwindow of the minimum search (192 ms). */
    static final int SUBWINDOW_FRAMES = 12;
    /** Full subwindows searched besides the one being filled. */
    static final int PAST_SUBWINDOWS = 7;
    static final double MINIMUM_BIAS = 2.0;
    static final double FLOOR_DB = -12;
    /** Frames (0.5 s) the noise estimate needs before it is used; until then the audio passes as it is. */
    static final int WARM_UP_FRAMES = 31;
    private static final int BINS = FRAME / 2 + 1;
    private static final double SMOOTHING = 0.8;
    private static final double FLOOR_GAIN = Math.pow(10, FLOOR_DB / 20);
    private static final double[] WINDOW = new double[FRAME];

    static {
        for (int i = 0; i < FRAME; i++) {
            WINDOW[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
        }
    }

    private final float[] input = new float[FRAME];
    private int inputCount;
    private final double[] overlap = new double[FRAME];
    private final double[][] spectrum = new double[2][FRAME];
    /** This frame's power per bin, before the gain. */
    private final double[] power = new double[BINS];
    private final double[] smoothed = new double[BINS];
    /** Per bin, the minimum of the subwindow being filled. */
    private final double[] current = new double[BINS];
    /** Per full subwindow (a ring, {@code pastCount} of them valid), each bin's minimum. */
    private final double[][] past = new double[PAST_SUBWINDOWS][BINS];
    private int pastCount;
    private final double[] minimum = new double[BINS];
    private int frames;

    /** A fresh stream's suppressor: it knows no noise yet. */
    public NoiseSuppressor() {
    }

    /**
     * Feeds the stream's next samples and returns the filtered samples completed by them (a
     * multiple of {@value #HOP}, possibly none); the input is not changed.
     */
    public float[] process(float[] samples) {
        float[] out = new float[(inputCount + samples.length) / HOP * HOP];
        int written = 0;
        int read = 0;
        while (read < samples.length) {
            int take = Math.min(FRAME - inputCount, samples.length - read);
            System.arraycopy(samples, read, input, inputCount, take);
            inputCount += take;
            read += take;
            if (inputCount == FRAME) {
                filterFrame();
                for (int i = 0; i < HOP; i++) {
                    out[written++] = (float) Math.max(-1, Math.min(1, overlap[i]));
                }
                System.arraycopy(overlap, HOP, overlap, 0, FRAME - HOP);
                Arrays.fill(overlap, FRAME - HOP, FRAME, 0);
                System.arraycopy(input, HOP, input, 0, FRAME - HOP);
                inputCount = FRAME - HOP;
            }
        }
        return written == out.length ? out : Arrays.copyOf(out, written);
    }

    /** Input samples fed but not yet returned: the next call's output starts with them. */
    public int heldBack() {
        return inputCount;
    }

    private void filterFrame() {
        double[] re = spectrum[0];
        double[] im = spectrum[1];
        for (int i = 0; i < FRAME; i++) {
            re[i] = input[i] * WINDOW[i];
            im[i] = 0;
        }
        FastFourierTransformer.transformInPlace(spectrum, DftNormalization.STANDARD, TransformType.FORWARD);
        boolean subwindowStarts = frames % SUBWINDOW_FRAMES == 0;
        for (int k = 0; k < BINS; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
            smoothed[k] = frames == 0 ? power[k] : SMOOTHING * smoothed[k] + (1 - SMOOTHING) * power[k];
            current[k] = subwindowStarts ? smoothed[k] : Math.min(current[k], smoothed[k]);
        }
        frames++;
        System.arraycopy(current, 0, minimum, 0, BINS);
        for (int p = 0; p < pastCount; p++) {
            double[] subwindow = past[p];
            for (int k = 0; k < BINS; k++) {
                minimum[k] = Math.min(minimum[k], subwindow[k]);
            }
        }
        if (frames % SUBWINDOW_FRAMES == 0) {
            System.arraycopy(current, 0, past[(frames / SUBWINDOW_FRAMES - 1) % PAST_SUBWINDOWS], 0, BINS);
            pastCount = Math.min(pastCount + 1, PAST_SUBWINDOWS);
        }
        for (int k = 0; k < BINS; k++) {
            double noise = Math.max(MINIMUM_BIAS * minimum[k], 1e-12);
            double prior = Math.max(power[k] / noise - 1, 0);
            double gain = frames < WARM_UP_FRAMES ? 1 : Math.max(prior / (1 + prior), FLOOR_GAIN);
            re[k] *= gain;
            im[k] *= gain;
            if (k > 0 && k < FRAME / 2) {
                re[FRAME - k] = re[k];
                im[FRAME - k] = -im[k];
            }
        }
        FastFourierTransformer.transformInPlace(spectrum, DftNormalization.STANDARD, TransformType.INVERSE);
        for (int i = 0; i < FRAME; i++) {
            overlap[i] += re[i] * WINDOW[i];
        }
    }
}
