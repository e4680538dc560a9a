package io.hybridwasm.services.internal.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridwasm.services.testing.Xorshift64Star;
import org.junit.jupiter.api.Test;

class FftTest {

    private static final double EPS = 1e-9;

    @Test
    void impulseTransformsToAllOnes() {
        double[] re = new double[8];
        double[] im = new double[8];
        re[0] = 1;
        new Fft(8).transform(re, im);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, re, EPS);
        assertArrayEquals(new double[8], im, EPS);
    }

    @Test
    void fourPointTransformMatchesHandComputedValues() {
        // x = [1, 2, 3, 4]  ->  X = [10, -2+2i, -2, -2-2i]
        double[] re = {1, 2, 3, 4};
        double[] im = new double[4];
        new Fft(4).transform(re, im);
        assertArrayEquals(new double[] {10, -2, -2, -2}, re, EPS);
        assertArrayEquals(new double[] {0, 2, 0, -2}, im, EPS);
    }

    @Test
    void cosineAtBinKPutsHalfTheLengthAtKAndNMinusK() {
        int n = 512;
        int k = 37;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = Math.cos(2 * Math.PI * k * i / n);
        }
        new Fft(n).transform(re, im);
        for (int bin = 0; bin < n; bin++) {
            double expected = bin == k || bin == n - k ? n / 2.0 : 0;
            assertEquals(expected, Math.hypot(re[bin], im[bin]), 1e-7, "bin " + bin);
        }
    }

    @Test
    void matchesADirectDftOnRandomComplexInput() {
        int n = 512;
        Xorshift64Star rng = new Xorshift64Star(7);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = rng.nextGaussian();
            im[i] = rng.nextGaussian();
        }
        double[] expectedRe = new double[n];
        double[] expectedIm = new double[n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                double angle = -2 * Math.PI * ((long) k * t % n) / n;
                expectedRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
                expectedIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
            }
        }
        new Fft(n).transform(re, im);
        assertArrayEquals(expectedRe, re, 1e-8);
        assertArrayEquals(expectedIm, im, 1e-8);
    }

    @Test
    void rejectsSizesThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(320));
        assertThrows(IllegalArgumentException.class, () -> new Fft(1));
        assertThrows(IllegalArgumentException.class, () -> new Fft(8).transform(new double[4], new double[4]));
    }
}
