package io.hybridwasm.services.internal.dsp;

import java.util.Arrays;

/**
 * Measures the {@link FrameFeatures} of audio frames: energy and zero-crossing rate in the time
 * domain, spectral flatness and peak concentration from the power spectrum of the
 * Hann-windowed frame, zero-padded to a power-of-two FFT (512 points for 20 ms at 16 kHz).
 *
 * <p>Holds scratch buffers, so an instance is confined to one thread at a time.
 */
public final class FrameAnalyzer {

    /** Bins either side of the strongest that count towards its peak (±125 Hz at 16 kHz/512). */
    private static final int PEAK_HALF_WIDTH = 4;
    private static final double POWER_EPSILON = 1e-20;

    private final int frameLength;
    private final Fft fft;
    private final double[] window;
    private final double[] re;
    private final double[] im;

    /**
     * Prepares an analyzer for frames of {@code frameLength} samples.
     *
     * @throws IllegalArgumentException when {@code frameLength} is below 16
     */
    public FrameAnalyzer(int frameLength) {
        if (frameLength < 16) {
            throw new IllegalArgumentException("frameLength must be >= 16, was " + frameLength);
        }
        this.frameLength = frameLength;
        this.fft = new Fft(Math.max(512, Integer.highestOneBit(frameLength - 1) << 1));
        this.window = hann(frameLength);
        this.re = new double[fft.size()];
        this.im = new double[fft.size()];
    }

    /** The FFT size used, a power of two of at least 512. */
    public int fftSize() {
        return fft.size();
    }

    /** A symmetric Hann window of {@code n} points. */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / (n - 1)));
        }
        return w;
    }

    /**
     * Measures {@code length} samples of {@code samples} from {@code offset}. A frame shorter
     * than the analyzer's frame length (the tail of a payload) gets its own window.
     *
     * @throws IllegalArgumentException when {@code length} is below 2 or above the frame length
     */
    public FrameFeatures analyze(float[] samples, int offset, int length) {
        if (length < 2 || length > frameLength) {
            throw new IllegalArgumentException("length must be in 2.." + frameLength + ", was " + length);
        }
        double mean = 0;
        for (int i = 0; i < length; i++) {
            mean += samples[offset + i];
        }
        mean /= length;

        double power = 0;
        int crossings = 0;
        double previous = samples[offset] - mean;
        for (int i = 0; i < length; i++) {
            double x = samples[offset + i] - mean;
            power += x * x;
            if (i > 0 && (x >= 0) != (previous >= 0)) {
                crossings++;
            }
            previous = x;
        }
        double energyDb = 10 * Math.log10(power / length + 1e-12);
        double zcr = (double) crossings / (length - 1);

        double[] w = length == frameLength ? window : hann(length);
        Arrays.fill(re, 0);
        Arrays.fill(im, 0);
        for (int i = 0; i < length; i++) {
            re[i] = (samples[offset + i] - mean) * w[i];
        }
        fft.transform(re, im);
        return spectralFeatures(energyDb, zcr);
    }

    private FrameFeatures spectralFeatures(double energyDb, double zcr) {
        int bins = fft.size() / 2;
        // Bins 1..N/2: the DC bin says nothing about voicing once the mean is removed.
        double sum = 0;
        double logSum = 0;
        int peak = 1;
        double peakPower = -1;
        for (int k = 1; k <= bins; k++) {
            double p = re[k] * re[k] + im[k] * im[k] + POWER_EPSILON;
            re[k] = p; // reuse as the power spectrum
            sum += p;
            logSum += Math.log(p);
            if (p > peakPower) {
                peakPower = p;
                peak = k;
            }
        }
        double flatness = Math.exp(logSum / bins) / (sum / bins);
        double nearPeak = 0;
        for (int k = Math.max(1, peak - PEAK_HALF_WIDTH); k <= Math.min(bins, peak + PEAK_HALF_WIDTH); k++) {
            nearPeak += re[k];
        }
        return new FrameFeatures(energyDb, zcr, Math.min(1, flatness), nearPeak / sum);
    }
}
