package io.hybridwasm.services.internal.silero;

import static io.hybridwasm.services.internal.silero.AutomaticGainTest.rmsDbfs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The noise suppressor on its own: steady noise lowered to its floor, speech kept, chunking irrelevant. */
class NoiseSuppressorTest {

    private static final int SECOND = 16_000;

    /** {@code seconds} of steady white noise of standard deviation {@code std}, then {@code tail}. */
    private static float[] noiseThen(int seconds, double std, float[] tail) {
        float[] out = new float[seconds * SECOND + tail.length];
        float[] noise = TestSignals.noise(std);
        for (int s = 0; s < seconds; s++) {
            System.arraycopy(noise, 0, out, s * SECOND, SECOND);
        }
        System.arraycopy(tail, 0, out, seconds * SECOND, tail.length);
        return out;
    }

    @Test
    void steadyNoiseIsLoweredToTheFloorButNotMuted() {
        float[] in = noiseThen(3, 0.03, new float[0]);
        float[] out = new NoiseSuppressor().process(in);
        int from = 2 * SECOND;
        int to = out.length;
        double lowered = rmsDbfs(in, from, to) - rmsDbfs(out, from, to);
        assertTrue(lowered > 4 && lowered < -NoiseSuppressor.FLOOR_DB + 0.5,
                "white noise after 2 s lowered by " + lowered + " dB");
    }

    @Test
    void theEstimateForgetsQuieterNoiseAfterAboutOneAndAHalfSeconds() {
        int step = 3 * SECOND;
        float[] in = noiseThen(3, 0.01, noiseThen(4, 0.04, new float[0]));
        float[] out = new NoiseSuppressor().process(in);
        double justAfter = rmsDbfs(in, step + 1000, step + 5000) - rmsDbfs(out, step + 1000, step + 5000);
        double settled = rmsDbfs(in, step + 2 * SECOND, out.length) - rmsDbfs(out, step + 2 * SECOND, out.length);
        assertTrue(justAfter < 2, "louder noise is not yet noise for the old minimum: lowered by " + justAfter + " dB");
        assertTrue(settled > 4, "after 2 s it is the new minimum: lowered by " + settled + " dB");
    }

    @Test
    void untilItHasHeardHalfASecondTheAudioPassesAsItIs() {
        float[] in = noiseThen(1, 0.03, new float[0]);
        float[] out = new NoiseSuppressor().process(in);
        for (int i = NoiseSuppressor.HOP; i < (NoiseSuppressor.WARM_UP_FRAMES - 1) * NoiseSuppressor.HOP; i++) {
            assertEquals(in[i], out[i], 1e-5, "sample " + i);
        }
        int later = NoiseSuppressor.WARM_UP_FRAMES * NoiseSuppressor.HOP + NoiseSuppressor.FRAME;
        assertTrue(rmsDbfs(in, later, later + 4000) - rmsDbfs(out, later, later + 4000) > 2, "filtered from then on");
    }

    @Test
    void speechRisingAboveTheNoiseKeepsItsLevel() {
        float[] speech = TestSignals.speechLike();
        float[] noise = TestSignals.noise(0.01);
        float[] noisySpeech = new float[SECOND];
        for (int i = 0; i < SECOND; i++) {
            noisySpeech[i] = speech[i] + noise[i];
        }
        float[] in = noiseThen(2, 0.01, noisySpeech);
        float[] out = new NoiseSuppressor().process(in);
        int from = 2 * SECOND;
        int to = 3 * SECOND - NoiseSuppressor.FRAME;
        double speechDb = rmsDbfs(speech, 0, to - from);
        double outDb = rmsDbfs(out, from, to);
        assertEquals(speechDb, outDb, 2, "speech at " + speechDb + " dBFS came out at " + outDb);
        assertTrue(rmsDbfs(in, from, to) - rmsDbfs(out, from, to) < 1, "the speech is hardly touched");
    }

    @Test
    void aStreamCutIntoAnyChunksComesOutTheSameAsOneCall() {
        float[] in = noiseThen(1, 0.01, TestSignals.speechLike());
        float[] whole = new NoiseSuppressor().process(in);
        int frames = (in.length - NoiseSuppressor.FRAME) / NoiseSuppressor.HOP + 1;
        assertEquals(frames * NoiseSuppressor.HOP, whole.length, "every completed hop, nothing more");

        NoiseSuppressor chunked = new NoiseSuppressor();
        float[] joined = new float[0];
        int[] sizes = {8000, 100, 0, 3333, 8000, 1, 12_566};
        int at = 0;
        for (int size : sizes) {
            float[] part = chunked.process(Arrays.copyOfRange(in, at, at + size));
            assertEquals(0, part.length % NoiseSuppressor.HOP, "whole hops");
            joined = Arrays.copyOf(joined, joined.length + part.length);
            System.arraycopy(part, 0, joined, joined.length - part.length, part.length);
            at += size;
        }
        assertEquals(in.length, at);
        assertArrayEquals(whole, joined);
    }
}
