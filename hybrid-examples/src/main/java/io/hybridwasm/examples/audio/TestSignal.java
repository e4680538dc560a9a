package io.hybridwasm.examples.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deterministic synthetic audio at 16 kHz mono, for demos and benchmarks that must behave the
 * same on every machine. The three kinds exercise every path of the hybrid VAD: a speech-like
 * voiced signal the guest is sure about, near-silence it is also sure about, and loud white
 * noise it is not sure about (so it asks the remote detector, which knows noise is not speech).
 */
public enum TestSignal {
    /** Glottal pulse train with formants and a 4 Hz syllable envelope, peak 0.3. */
    SPEECH,
    /** Gaussian noise with standard deviation 0.0001 (about -80 dBFS). */
    SILENCE,
    /** Gaussian white noise with standard deviation 0.03 (about -30 dBFS): ambiguous to an energy VAD. */
    NOISE;

    public static final int SAMPLE_RATE = 16_000;

    /** {@code seconds} of this signal as float samples, the same for the same {@code seed}. */
    public float[] samples(double seconds, long seed) {
        int n = (int) Math.round(seconds * SAMPLE_RATE);
        Random random = new Random(seed);
        float[] out = new float[n];
        switch (this) {
            case SPEECH -> speech(out, random);
            case SILENCE -> noise(out, random, 0.0001);
            case NOISE -> noise(out, random, 0.03);
        }
        return out;
    }

    /** The same samples as little-endian float32 PCM, the wire format of the VAD services. */
    public byte[] pcm(double seconds, long seed) {
        return toPcm(samples(seconds, seed));
    }

    public static byte[] toPcm(float[] samples) {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(samples);
        return buffer.array();
    }

    private static void noise(float[] out, Random random, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (std * random.gaussian());
        }
    }

    private static void speech(float[] out, Random random) {
        double duration = (double) out.length / SAMPLE_RATE;
        double phase = 0;
        double[] raw = new double[out.length];
        double peak = 1e-12;
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            double f0 = 120 + 100 * (duration > 0 ? t / duration : 0);
            phase += 2 * Math.PI * f0 / SAMPLE_RATE;
            double v = 0;
            int harmonics = (int) Math.floor(3500 / f0);
            for (int k = 1; k <= harmonics; k++) {
                double f = k * f0;
                double gain = 1 + 2 * (bump(f, 500) + bump(f, 1500) + bump(f, 2500));
                v += gain / k * Math.sin(k * phase);
            }
            raw[i] = v;
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            double envelope = Math.sqrt(0.5 * (1 - Math.cos(2 * Math.PI * 4 * t)));
            out[i] = (float) (0.3 * raw[i] / peak * envelope + 0.001 * random.gaussian());
        }
    }

    private static double bump(double f, double centre) {
        double d = (f - centre) / 200;
        return Math.exp(-0.5 * d * d);
    }

    /**
     * xorshift64* with Box-Muller (cosine branch only): tiny, and the same generator the Rust
     * guest's and the services' calibration tests use, so all three see identical signals.
     */
    private static final class Random {
        private long state;

        Random(long seed) {
            state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        double uniform() {
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            long r = state * 0x2545F4914F6CDD1DL;
            return ((r >>> 11) + 1) / (double) (1L << 53);
        }

        double gaussian() {
            double u1 = uniform();
            double u2 = uniform();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
