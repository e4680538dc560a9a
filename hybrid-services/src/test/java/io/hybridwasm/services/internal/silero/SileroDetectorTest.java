package io.hybridwasm.services.internal.silero;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Windowing, state and aggregation, on the real model (it is small and fast). */
class SileroDetectorTest {

    private static SileroModel model;
    private static WindowRunner runner;

    @BeforeAll
    static void load() {
        model = SileroModel.loadBundled();
        runner = model.runner();
    }

    @AfterAll
    static void close() {
        runner.close();
        model.close();
    }

    /** One second of speech-like sound, one of silence, then the speech again. */
    private static float[] speechSilenceSpeech() {
        float[] speech = TestSignals.speechLike();
        float[] out = new float[3 * speech.length];
        System.arraycopy(speech, 0, out, 0, speech.length);
        System.arraycopy(TestSignals.silence(), 0, out, speech.length, speech.length);
        System.arraycopy(speech, 0, out, 2 * speech.length, speech.length);
        return out;
    }

    @Test
    void aStatelessChunkRunsOneWindowPer1024SamplesPlusOneForTheTail() {
        assertEquals(8, SileroDetector.judge(runner, new float[8000]).probabilities().length);
        assertEquals(2, SileroDetector.judge(runner, new float[2048]).probabilities().length);
        assertEquals(3, SileroDetector.judge(runner, new float[2049]).probabilities().length);
        assertEquals(1, SileroDetector.judge(runner, new float[100]).probabilities().length);
        ChunkVerdict empty = SileroDetector.judge(runner, new float[0]);
        assertEquals(0, empty.probabilities().length);
        assertEquals(0, empty.confidence());
    }

    @Test
    void aStatelessChunkIsJudgedTheSameWhateverCameBefore() {
        float[] chunk = Arrays.copyOf(TestSignals.speechLike(), 8000);
        ChunkVerdict first = SileroDetector.judge(runner, chunk);
        SileroDetector.judge(runner, TestSignals.whiteNoise());
        ChunkVerdict again = SileroDetector.judge(runner, chunk);
        assertArrayEquals(first.probabilities(), again.probabilities());
        assertEquals(first.confidence(), again.confidence());
    }

    @Test
    void speechIsConfidentlySpeechAndSilenceOrNoiseConfidentlyNot() {
        assertTrue(SileroDetector.judge(runner, TestSignals.speechLike()).confidence() > 0.9);
        assertTrue(SileroDetector.judge(runner, TestSignals.silence()).confidence() < 0.1);
        assertTrue(SileroDetector.judge(runner, TestSignals.whiteNoise()).confidence() < 0.1);
    }

    @Test
    void theConfidenceFollowsTheShareOfTheChunkThatIsSpeech() {
        float[] speech = TestSignals.speechLike();
        double previous = -1;
        for (int quarters = 0; quarters <= 4; quarters++) {
            float[] chunk = new float[16_000];
            System.arraycopy(speech, 0, chunk, 0, quarters * 4000);
            double confidence = SileroDetector.judge(runner, chunk).confidence();
            assertTrue(confidence > previous, quarters + "/4 speech: " + confidence + " after " + previous);
            assertTrue(quarters <= 1 ? confidence < 0.5 : quarters < 3 || confidence > 0.5,
                    quarters + "/4 speech: " + confidence);
            previous = confidence;
        }
    }

    @Test
    void aStreamCutIntoChunksOfAnySizeRunsTheSameWindowsAsOneLongCall() {
        float[] audio = speechSilenceSpeech();
        float[] whole = run(audio, audio.length);
        assertEquals(audio.length / SileroModel.WINDOW, whole.length);
        assertArrayEquals(whole, run(audio, 8000));
        assertArrayEquals(whole, run(audio, 777));
        assertArrayEquals(whole, run(audio, 100));
    }

    private static float[] run(float[] audio, int chunk) {
        StreamState state = new StreamState();
        float[] all = new float[0];
        for (int at = 0; at < audio.length; at += chunk) {
            float[] part = Arrays.copyOfRange(audio, at, Math.min(audio.length, at + chunk));
            float[] p = SileroDetector.judgeContinued(runner, part, state, 0).probabilities();
            int before = all.length;
            all = Arrays.copyOf(all, before + p.length);
            System.arraycopy(p, 0, all, before, p.length);
        }
        assertEquals(all.length, state.windows());
        assertEquals(audio.length % SileroModel.WINDOW, state.pendingSamples());
        return all;
    }

    @Test
    void anIncompleteWindowWaitsForTheNextChunk() {
        StreamState state = new StreamState();
        ChunkVerdict first = SileroDetector.judgeContinued(runner, Arrays.copyOf(TestSignals.speechLike(), 8000), state, 0);
        assertEquals(7, first.probabilities().length);
        assertEquals(832, state.pendingSamples());
        ChunkVerdict tiny = SileroDetector.judgeContinued(runner, new float[100], state, 0);
        assertEquals(0, tiny.probabilities().length);
        assertEquals(first.probabilities()[6], (float) tiny.confidence(), "the latest window speaks for a chunk without one");
        assertEquals(932, state.pendingSamples());
        ChunkVerdict next = SileroDetector.judgeContinued(runner, new float[100], state, 0);
        assertEquals(1, next.probabilities().length);
        assertEquals(8, state.pendingSamples());
        assertEquals(8, next.streamWindows());
    }

    @Test
    void aStreamRemembersSpeechThatAStatelessCallForgets() {
        StreamState state = new StreamState();
        float[] audio = speechSilenceSpeech();
        SileroDetector.judgeContinued(runner, Arrays.copyOf(audio, 16_000), state, 0);
        float[] afterSpeech = Arrays.copyOfRange(audio, 16_000, 16_000 + SileroModel.WINDOW);
        double continued = SileroDetector.judgeContinued(runner, afterSpeech, state, 0).confidence();
        double fresh = SileroDetector.judge(runner, afterSpeech).confidence();
        assertTrue(continued > fresh, "silence right after speech: continued " + continued + ", fresh " + fresh);
    }
}
