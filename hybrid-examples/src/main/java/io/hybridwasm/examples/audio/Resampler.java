package io.hybridwasm.examples.audio;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, evaluated as a polyphase
 * filter: for rates in ratio L/M (in lowest terms) the kernel is tabulated once per output
 * phase. The cutoff sits just below the lower Nyquist frequency, so downsampling does not alias
 * (espeak-ng's 22 050 Hz speech to the 16 kHz every VAD path expects).
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final double KAISER_BETA = 8.6;
    private static final double CUTOFF = 0.94;
    private static final int MAX_PHASES = 8192;

    private final int up;
    private final int down;
    private final int halfTaps;
    private final double[][] kernel;

    /** A converter from {@code fromRate} to {@code toRate} Hz. */
    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        int g = gcd(fromRate, toRate);
        up = toRate / g;
        down = fromRate / g;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("cannot resample " + fromRate + " -> " + toRate + " Hz (ratio too fine)");
        }
        double fc = CUTOFF * 0.5 * Math.min(1.0, (double) toRate / fromRate); // cycles per input sample
        halfTaps = (int) Math.ceil(ZERO_CROSSINGS / (2 * fc));
        kernel = new double[up][2 * halfTaps + 1];
        for (int phase = 0; phase < up; phase++) {
            double frac = (double) phase / up;
            for (int k = -halfTaps; k <= halfTaps; k++) {
                double t = k - frac;
                kernel[phase][k + halfTaps] = 2 * fc * sinc(2 * fc * t) * kaiser(t / (halfTaps + 1));
            }
        }
    }

    /** The input resampled; its length is {@code round(in.length * toRate / fromRate)}. */
    public float[] apply(float[] in) {
        int n = (int) Math.round((double) in.length * up / down);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            long position = (long) i * down;
            int centre = (int) (position / up);
            double[] h = kernel[(int) (position % up)];
            double acc = 0;
            int from = Math.max(-halfTaps, -centre);
            int to = Math.min(halfTaps, in.length - 1 - centre);
            for (int k = from; k <= to; k++) {
                acc += h[k + halfTaps] * in[centre + k];
            }
            out[i] = (float) acc;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double kaiser(double x) {
        return Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
