package io.hybridwasm.services.internal.dsp;

/**
 * An in-place iterative radix-2 decimation-in-time fast Fourier transform.
 *
 * <p>Computes {@code X[k] = sum_n x[n] * exp(-2*pi*i*k*n/N)} (no scaling) for power-of-two
 * {@code N}. Twiddle factors are computed once per size; an instance is immutable and may be
 * shared between threads, while the arrays it transforms belong to the caller.
 */
public final class Fft {

    private final int size;
    private final int log2;
    private final double[] cos;
    private final double[] sin;

    /**
     * Prepares a transform of {@code size} points.
     *
     * @throws IllegalArgumentException when {@code size} is not a power of two of at least 2
     */
    public Fft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, was " + size);
        }
        this.size = size;
        this.log2 = Integer.numberOfTrailingZeros(size);
        this.cos = new double[size / 2];
        this.sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            double angle = -2 * Math.PI * k / size;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    /** The number of points. */
    public int size() {
        return size;
    }

    /**
     * Transforms {@code re + i*im} in place.
     *
     * @throws IllegalArgumentException when either array's length is not {@link #size()}
     */
    public void transform(double[] re, double[] im) {
        if (re.length != size || im.length != size) {
            throw new IllegalArgumentException("arrays must have length " + size
                    + ", were " + re.length + " and " + im.length);
        }
        // Bit-reversal permutation.
        for (int i = 0; i < size; i++) {
            int j = Integer.reverse(i) >>> (32 - log2);
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        // Butterflies: spans of 2, 4, ..., size.
        for (int span = 2; span <= size; span <<= 1) {
            int half = span >>> 1;
            int step = size / span;
            for (int start = 0; start < size; start += span) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = wr * re[b] - wi * im[b];
                    double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
