package io.hybridwasm.services.internal.silero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The gain control on its own: where it brings levels, its bounds, and its state per stream. */
class AutomaticGainTest {

    static float[] scaledTo(float[] samples, double rmsDbfs) {
        double k = Math.pow(10, (rmsDbfs - rmsDbfs(samples)) / 20);
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (samples[i] * k);
        }
        return out;
    }

    static double rmsDbfs(float[] samples) {
        return rmsDbfs(samples, 0, samples.length);
    }

    /** The level of {@code samples[from, to)}. */
    static double rmsDbfs(float[] samples, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += (double) samples[i] * samples[i];
        }
        return 10 * Math.log10(e / (to - from));
    }

    private static float[] half(float[] second) {
        return Arrays.copyOf(second, 8000);
    }

    @Test
    void quietSpeechIsBroughtUpTowardSpeechLevel() {
        float[] quiet = half(scaledTo(TestSignals.speechLike(), -45));
        double gain = AutomaticGain.chunkGainDb(quiet);
        assertTrue(gain > 15 && gain <= AutomaticGain.MAX_GAIN_DB, "gain " + gain);
        double after = rmsDbfs(AutomaticGain.apply(quiet, gain));
        assertTrue(after > -27 && after < -18, "speech at " + after + " dBFS after the gain");
    }

    @Test
    void aNoiseFloorIsNeverLiftedAboveTheCeiling() {
        float[] hiss = half(scaledTo(TestSignals.noise(1), -60));
        double gain = AutomaticGain.chunkGainDb(hiss);
        assertEquals(20, gain, 1, "a -60 dBFS floor may rise to -40 dBFS, no further");
        assertTrue(rmsDbfs(AutomaticGain.apply(hiss, gain)) < AutomaticGain.FLOOR_CEILING_DBFS + 1);
    }

    @Test
    void loudAudioIsLeftAloneAndTheGainIsBounded() {
        float[] loud = half(scaledTo(TestSignals.speechLike(), -15));
        assertEquals(0, AutomaticGain.chunkGainDb(loud));
        assertArrayEquals(loud, AutomaticGain.apply(loud, 0));
        assertEquals(AutomaticGain.MAX_GAIN_DB, AutomaticGain.chunkGainDb(new float[8000]), "digital silence: the bound");
        float[] nearClip = {0.5f, -0.9f};
        assertArrayEquals(new float[] {1f, -1f}, AutomaticGain.apply(nearClip, 20), "clipped to full scale");
        assertEquals(0, AutomaticGain.chunkGainDb(new float[0]));
    }

    @Test
    void aStreamsGainMovesSlowlyAndKeepsNoiseUnderTheCeiling() {
        AutomaticGain stream = new AutomaticGain();
        float[] hiss = scaledTo(TestSignals.noise(1), -60);
        float[] out = new float[0];
        for (int second = 0; second < 3; second++) {
            out = stream.process(hiss);
        }
        assertTrue(rmsDbfs(out) < AutomaticGain.FLOOR_CEILING_DBFS + 1, "hiss after 3 s: " + rmsDbfs(out));
        float[] speech = scaledTo(TestSignals.speechLike(), -45);
        double before = stream.gainDb();
        for (int at = 0; at < speech.length; at += AutomaticGain.FRAME) {
            stream.process(Arrays.copyOfRange(speech, at, at + AutomaticGain.FRAME));
            double now = stream.gainDb();
            assertTrue(Math.abs(now - before) <= AutomaticGain.SLEW_DB_PER_FRAME + 1e-9, before + " -> " + now);
            assertTrue(now >= 0 && now <= AutomaticGain.MAX_GAIN_DB, "bounded: " + now);
            before = now;
        }
    }

    @Test
    void eachStreamHasItsOwnGain() {
        AutomaticGain quietStream = new AutomaticGain();
        AutomaticGain loudStream = new AutomaticGain();
        float[] quiet = scaledTo(TestSignals.speechLike(), -45);
        float[] loud = scaledTo(TestSignals.speechLike(), -15);
        for (int i = 0; i < 3; i++) {
            quietStream.process(quiet);
            loudStream.process(loud);
        }
        assertEquals(0, loudStream.gainDb(), 0.5);
        assertTrue(quietStream.gainDb() > 15, "quiet stream gain " + quietStream.gainDb());
        float[] fresh = new AutomaticGain().process(loud);
        assertArrayEquals(loudStream.process(loud), fresh, "a loud stream is untouched, whatever came before");
    }
}
