package io.hybridwasm.services.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The three synthetic one-second, 16 kHz calibration signals for the voice activity detector,
 * plus a pure tone. Deterministic: every noise source is a fresh {@link Xorshift64Star}
 * seeded 42.
 */
public final class TestSignals {

    /** Sample rate of every signal here. */
    public static final int SAMPLE_RATE = 16_000;
    private static final long SEED = 42;
    private static final double[] FORMANTS_HZ = {500, 1500, 2500};
    private static final double FORMANT_WIDTH_HZ = 200;

    private TestSignals() {
    }

    /**
     * Speech-like: harmonics k = 1..floor(3500/f0) of f0 gliding linearly from 120 to 220 Hz,
     * amplitude (1/k)(1 + 2 * formant bumps) with gaussian bumps at 500/1500/2500 Hz of width
     * 200 Hz, normalised to peak 0.3, times the syllable envelope
     * sqrt(0.5 (1 - cos(2 pi 4 t))), plus gaussian noise of std 0.001.
     */
    public static float[] speechLike() {
        int n = SAMPLE_RATE;
        double[] voiced = new double[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / SAMPLE_RATE;
            double f0 = 120 + 100 * t;
            double phase = 2 * Math.PI * (120 * t + 50 * t * t); // integral of f0
            int harmonics = (int) Math.floor(3500 / f0);
            double x = 0;
            for (int k = 1; k <= harmonics; k++) {
                x += amplitude(k, k * f0) * Math.sin(k * phase);
            }
            voiced[i] = x;
            peak = Math.max(peak, Math.abs(x));
        }
        Xorshift64Star rng = new Xorshift64Star(SEED);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / SAMPLE_RATE;
            double envelope = Math.sqrt(0.5 * (1 - Math.cos(2 * Math.PI * 4 * t)));
            out[i] = (float) (voiced[i] / peak * 0.3 * envelope + 0.001 * rng.nextGaussian());
        }
        return out;
    }

    private static double amplitude(int k, double frequency) {
        double bumps = 0;
        for (double formant : FORMANTS_HZ) {
            double d = (frequency - formant) / FORMANT_WIDTH_HZ;
            bumps += Math.exp(-0.5 * d * d);
        }
        return (1.0 / k) * (1 + 2 * bumps);
    }

    /** Silence: gaussian noise of std 0.0001. */
    public static float[] silence() {
        return noise(0.0001);
    }

    /** Ambiguous (to an energy detector) white noise of std 0.03. */
    public static float[] whiteNoise() {
        return noise(0.03);
    }

    /** One second of gaussian white noise of standard deviation {@code std}. */
    public static float[] noise(double std) {
        Xorshift64Star rng = new Xorshift64Star(SEED);
        float[] out = new float[SAMPLE_RATE];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (std * rng.nextGaussian());
        }
        return out;
    }

    /** One second of a pure sine of {@code frequency} Hz and peak {@code amplitude}. */
    public static float[] tone(double frequency, double amplitude) {
        float[] out = new float[SAMPLE_RATE];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / SAMPLE_RATE));
        }
        return out;
    }

    /** The samples as little-endian float32 bytes (ENCODING_PCM_F32LE). */
    public static byte[] f32le(float[] samples) {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            buffer.putFloat(s);
        }
        return buffer.array();
    }

    /** The samples as little-endian signed 16-bit bytes (ENCODING_PCM_S16LE), clipped. */
    public static byte[] s16le(float[] samples) {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            buffer.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s * 32768.0))));
        }
        return buffer.array();
    }
}
