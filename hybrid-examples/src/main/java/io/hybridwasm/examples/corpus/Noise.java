package io.hybridwasm.examples.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The background kinds mixed under the corpus's speech, each returned at unit RMS. They are
 * chosen to fool detectors in different ways: broadband hiss (white, pink, brown), speech-like
 * energy that is not foreground speech (babble of a crowd), steady tones (mains hum), harmonic
 * tones that look voiced (music), low-frequency rumble (fan, car), impulses (keyboard) and
 * recorded bells, ring tones and chimes (alerts, from {@code sound-theme-freedesktop}).
 */
public enum Noise {
    WHITE, PINK, BROWN, BABBLE, HUM, MUSIC, FAN, KEYBOARD, ALERTS;

    private static final int RATE = 16_000;

    /** {@code n} samples of this noise at unit RMS; {@code sounds} is the sounds directory alerts are read from. */
    float[] generate(int n, RandomGenerator random, Path sounds) throws IOException {
        double[] x = switch (this) {
            case WHITE -> white(n, random);
            case PINK -> pink(n, random);
            case BROWN -> brown(n, random);
            case BABBLE -> babble(n, random);
            case HUM -> hum(n, random);
            case MUSIC -> music(n, random);
            case FAN -> fan(n, random);
            case KEYBOARD -> keyboard(n, random);
            case ALERTS -> alerts(n, random, Recordings.in(sounds).alerts());
        };
        double power = 0;
        for (double v : x) {
            power += v * v;
        }
        double gain = power > 0 ? 1 / Math.sqrt(power / n) : 0;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (x[i] * gain);
        }
        return out;
    }

    private static double[] white(int n, RandomGenerator r) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** Paul Kellett's economy filter: white noise through three first-order sections, about -3 dB per octave. */
    private static double[] pink(int n, RandomGenerator r) {
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double w = r.nextGaussian();
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            x[i] = b0 + b1 + b2 + w * 0.1848;
        }
        return x;
    }

    /** Leaky integral of white noise: -6 dB per octave above a few hertz. */
    private static double[] brown(int n, RandomGenerator r) {
        double[] x = new double[n];
        double y = 0;
        for (int i = 0; i < n; i++) {
            y = 0.998 * y + r.nextGaussian();
            x[i] = y;
        }
        return x;
    }

    /**
     * A canteen crowd (as NOISEX-92's babble): 20 to 40 talkers at random offsets and levels
     * within ±4 dB, each cycling through a pool of espeak-ng utterances, so no single voice stands
     * out; then a small room (Schroeder reverb) and a muffling low-pass blur the syllables.
     */
    private static double[] babble(int n, RandomGenerator r) throws IOException {
        float[][] pool = new float[12][];
        for (int p = 0; p < pool.length; p++) {
            Espeak.Voice voice = Voices.random(r);
            float[] s = Espeak.speak(voice, Sentences.sentence(voice.voice(), 6 + r.nextInt(8), r));
            float rms = (float) Math.sqrt(Voices.power(s, 0, s.length)) + 1e-9f;
            for (int i = 0; i < s.length; i++) {
                s[i] /= rms;
            }
            pool[p] = s;
        }
        double[] x = new double[n];
        int talkers = 20 + r.nextInt(21);
        for (int t = 0; t < talkers; t++) {
            double gain = Math.pow(10, (8 * r.nextDouble() - 4) / 20);
            float[] s = pool[r.nextInt(pool.length)];
            int at = -r.nextInt(s.length);
            while (at < n) {
                for (int i = Math.max(0, -at); i < s.length && at + i < n; i++) {
                    x[at + i] += gain * s[i];
                }
                at += s.length + r.nextInt(RATE / 4);
                s = pool[r.nextInt(pool.length)];
            }
        }
        return Room.muffle(x, 0.3 + 0.5 * r.nextDouble(), 2500 + 2000 * r.nextDouble());
    }

    /** Recorded alert sounds (bells, ring tones, chimes) at random times and levels over a faint hiss. */
    private static double[] alerts(int n, RandomGenerator r, List<Recordings.Sound> sounds) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.003 * r.nextGaussian();
        }
        int at = r.nextInt(RATE);
        while (at < n) {
            float[] s = sounds.get(r.nextInt(sounds.size())).samples();
            double gain = Math.pow(10, (12 * r.nextDouble() - 6) / 20);
            for (int i = 0; i < s.length && at + i < n; i++) {
                x[at + i] += gain * s[i];
            }
            at += s.length + (int) (RATE * (0.2 + 1.5 * r.nextDouble()));
        }
        return x;
    }

    /** 50 or 60 Hz mains with odd and even harmonics up to about 1 kHz and a trace of hiss. */
    private static double[] hum(int n, RandomGenerator r) {
        double f0 = r.nextBoolean() ? 50 : 60;
        int harmonics = (int) (1000 / f0);
        double[] amp = new double[harmonics + 1];
        double[] phase = new double[harmonics + 1];
        for (int k = 1; k <= harmonics; k++) {
            amp[k] = Math.pow(k, -0.8) * (0.3 + r.nextDouble());
            phase[k] = 2 * Math.PI * r.nextDouble();
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double v = 0;
            for (int k = 1; k <= harmonics; k++) {
                v += amp[k] * Math.sin(2 * Math.PI * k * f0 * t + phase[k]);
            }
            x[i] = v + 0.02 * r.nextGaussian();
        }
        return x;
    }

    /** Chords of harmonic notes changing every 0.3–1.2 s with a plucked envelope, and a melody above. */
    private static double[] music(int n, RandomGenerator r) {
        double[] x = new double[n];
        int root = 45 + r.nextInt(12);
        int[][] chords = {{0, 4, 7}, {5, 9, 12}, {7, 11, 14}, {-3, 0, 4}, {2, 5, 9}};
        int at = 0;
        while (at < n) {
            int length = (int) (RATE * (0.3 + 0.9 * r.nextDouble()));
            int[] chord = chords[r.nextInt(chords.length)];
            for (int note : chord) {
                addNote(x, at, length, midi(root + note), 1.0, r);
            }
            addNote(x, at, length, midi(root + 12 + chord[r.nextInt(3)] + (r.nextBoolean() ? 12 : 0)), 0.8, r);
            at += length;
        }
        return x;
    }

    private static void addNote(double[] x, int at, int length, double f, double gain, RandomGenerator r) {
        double decay = 1.5 + 3 * r.nextDouble();
        double phase = 2 * Math.PI * r.nextDouble();
        for (int i = 0; i < length && at + i < x.length; i++) {
            double t = (double) i / RATE;
            double env = Math.min(1, t / 0.01) * Math.exp(-decay * t);
            double v = 0;
            for (int k = 1; k <= 5 && k * f < 7000; k++) {
                v += Math.sin(2 * Math.PI * k * f * t + phase * k) / k;
            }
            x[at + i] += gain * env * v;
        }
    }

    private static double midi(int note) {
        return 440 * Math.pow(2, (note - 69) / 12.0);
    }

    /** White noise through a two-pole low-pass at 150–600 Hz, a blade tone, and a slow swell. */
    private static double[] fan(int n, RandomGenerator r) {
        double cutoff = 150 + 450 * r.nextDouble();
        double w = 2 * Math.PI * cutoff / RATE;
        double q = 0.707;
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        double a0 = 1 + alpha;
        double b0 = (1 - cos) / 2 / a0;
        double b1 = (1 - cos) / a0;
        double a1 = -2 * cos / a0;
        double a2 = (1 - alpha) / a0;
        double blade = 60 + 140 * r.nextDouble();
        double swell = 0.1 + 0.8 * r.nextDouble();
        double[] x = new double[n];
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < n; i++) {
            double in = r.nextGaussian();
            double y = b0 * in + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
            double t = (double) i / RATE;
            x[i] = (y + 0.05 * Math.sin(2 * Math.PI * blade * t)) * (1 + 0.25 * Math.sin(2 * Math.PI * swell * t));
        }
        return x;
    }

    /** Key presses: short high-passed noise bursts at 3–10 per second, some with a release click. */
    private static double[] keyboard(int n, RandomGenerator r) {
        double[] x = new double[n];
        double rate = 3 + 7 * r.nextDouble();
        int at = (int) (RATE * r.nextDouble() / rate);
        while (at < n) {
            click(x, at, 0.4 + 0.6 * r.nextDouble(), r);
            if (r.nextInt(3) == 0) {
                click(x, at + RATE / 15 + r.nextInt(RATE / 20), 0.2 + 0.3 * r.nextDouble(), r);
            }
            at += (int) (RATE * -Math.log(1 - r.nextDouble()) / rate) + RATE / 40;
        }
        return x;
    }

    private static void click(double[] x, int at, double gain, RandomGenerator r) {
        double tau = RATE * (0.001 + 0.003 * r.nextDouble());
        double previous = 0;
        for (int i = 0; i < 6 * tau && at + i < x.length; i++) {
            double w = r.nextGaussian();
            x[at + i] += gain * Math.exp(-i / tau) * (w - 0.9 * previous);
            previous = w;
        }
    }
}
