package io.hybridwasm.services.internal.silero;

import java.util.Arrays;

/**
 * Level normalisation in front of Silero VAD, which misses speech quieter than about −35 dBFS
 * (on recorded speech it missed 41 % of the speech chunks below that level).
 *
 * <p>The audio is cut into 16 ms frames and two levels are tracked: the <em>speech level</em>
 * (the loud frames) and the <em>noise floor</em> (the quiet frames). The gain brings the speech
 * level toward {@value #TARGET_DBFS} dBFS but never lifts the noise floor above
 * {@value #FLOOR_CEILING_DBFS} dBFS, is never negative (loud audio is left as it is) and never
 * exceeds {@value #MAX_GAIN_DB} dB. The floor bound is what keeps a quiet hiss or hum from being
 * blown up into something the network hears as speech.
 *
 * <p><b>One chunk on its own</b> ({@link #chunkGainDb}): the speech level is the 90th percentile
 * of the chunk's frame levels, the floor the 10th; one gain for the whole chunk.
 * <b>A stream</b> (an instance, one per session or stream): the speech level follows louder
 * frames within about 50 ms and falls back over about 2 s; the floor follows quieter frames
 * within about 50 ms and rises over about 8 s; the gain moves by at most
 * {@value #SLEW_DB_PER_FRAME} dB per frame (about 30 dB/s), so a pause after speech is not
 * amplified at once. A fresh stream starts from its first chunk's percentiles. Not thread-safe.
 */
public final class AutomaticGain {

    /** Where the speech level is brought, dBFS. */
    public static final double TARGET_DBFS = -20;
    /** The largest gain, dB. */
    public static final double MAX_GAIN_DB = 30;
    /** The noise floor is never raised above this, dBFS. */
    public static final double FLOOR_CEILING_DBFS = -40;
    static final int FRAME = 256;
    static final double SLEW_DB_PER_FRAME = 0.5;
    private static final double FAST = 0.3;
    private static final double SPEECH_RELEASE = 1.0 / 125;
    private static final double FLOOR_RISE = 1.0 / 500;
    private static final double SILENT_DB = -120;

    private double speechLevel = Double.NaN;
    private double floorLevel;
    private double gainDb;

    /** A fresh stream's gain control; its first chunk sets the starting levels. */
    public AutomaticGain() {
    }

    /** The gain, in dB, for {@code samples} judged on their own. */
    public static double chunkGainDb(float[] samples) {
        double[] levels = frameLevels(samples);
        if (levels.length == 0) {
            return 0;
        }
        Arrays.sort(levels);
        return gainFor(percentile(levels, 0.9), percentile(levels, 0.1));
    }

    /** {@code samples} scaled by {@code gainDb}, clipped to ±1; the input is not changed. */
    public static float[] apply(float[] samples, double gainDb) {
        if (gainDb == 0) {
            return samples;
        }
        float k = (float) Math.pow(10, gainDb / 20);
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, samples[i] * k));
        }
        return out;
    }

    /** The gain (dB) now applied to this stream: after the last frame processed. */
    public double gainDb() {
        return gainDb;
    }

    /** {@code samples}, the next stretch of the stream, with the stream's slowly moving gain applied. */
    public float[] process(float[] samples) {
        double[] levels = frameLevels(samples);
        if (levels.length == 0) {
            return apply(samples, gainDb);
        }
        if (Double.isNaN(speechLevel)) {
            double[] sorted = levels.clone();
            Arrays.sort(sorted);
            speechLevel = percentile(sorted, 0.9);
            floorLevel = percentile(sorted, 0.1);
            gainDb = gainFor(speechLevel, floorLevel);
        }
        float[] out = new float[samples.length];
        for (int f = 0; f < levels.length; f++) {
            double e = levels[f];
            speechLevel += (e - speechLevel) * (e > speechLevel ? FAST : SPEECH_RELEASE);
            floorLevel += (e - floorLevel) * (e < floorLevel ? FAST : FLOOR_RISE);
            double wanted = gainFor(speechLevel, floorLevel);
            double from = Math.pow(10, gainDb / 20);
            gainDb += Math.max(-SLEW_DB_PER_FRAME, Math.min(SLEW_DB_PER_FRAME, wanted - gainDb));
            double to = Math.pow(10, gainDb / 20);
            int start = f * FRAME;
            int end = Math.min(samples.length, start + FRAME);
            for (int i = start; i < end; i++) {
                double k = from + (to - from) * (i - start + 1) / (end - start);
                out[i] = (float) Math.max(-1, Math.min(1, samples[i] * k));
            }
        }
        return out;
    }

    private static double gainFor(double speech, double floor) {
        return Math.max(0, Math.min(MAX_GAIN_DB, Math.min(TARGET_DBFS - speech, FLOOR_CEILING_DBFS - floor)));
    }

    /** Levels (dBFS) of the 16 ms frames, a last partial frame included. */
    private static double[] frameLevels(float[] samples) {
        int frames = (samples.length + FRAME - 1) / FRAME;
        double[] levels = new double[frames];
        for (int f = 0; f < frames; f++) {
            int start = f * FRAME;
            int end = Math.min(samples.length, start + FRAME);
            double energy = 0;
            for (int i = start; i < end; i++) {
                energy += (double) samples[i] * samples[i];
            }
            double mean = energy / (end - start);
            levels[f] = mean > 0 ? Math.max(SILENT_DB, 10 * Math.log10(mean)) : SILENT_DB;
        }
        return levels;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
