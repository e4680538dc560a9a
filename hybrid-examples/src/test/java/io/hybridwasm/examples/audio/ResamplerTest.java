package io.hybridwasm.examples.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {
    private final Resampler resampler = new Resampler(22_050, 16_000);

    @Test
    void aToneInTheBandKeepsItsFrequencyAndLevel() {
        float[] out = resampler.apply(tone(1000, 22_050, 22_050));
        assertEquals(16_000, out.length);
        double rms = rms(out, 1000, 15_000);
        assertEquals(Math.sqrt(0.5), rms, 0.01);
        double expected = Math.sin(2 * Math.PI * 1000 * 8000 / 16_000.0);
        assertEquals(expected, out[8000], 0.01, "phase and frequency preserved at t = 0.5 s");
    }

    @Test
    void aToneAboveTheNewNyquistIsRemovedNotFoldedBack() {
        float[] out = resampler.apply(tone(9500, 22_050, 22_050));
        double rms = rms(out, 1000, 15_000);
        assertTrue(20 * Math.log10(rms / Math.sqrt(0.5)) < -60, "9.5 kHz would alias to 6.5 kHz; left " + rms);
    }

    private static float[] tone(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    private static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
