package io.hybridwasm.services.internal.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VoiceActivityClassifierTest {

    private static VadDecision classify(float[] samples) {
        return VoiceActivityClassifier.classify(samples, VadParameters.defaults(), new VadState(), false);
    }

    @Test
    void speechLikeSignalIsSpeechWithHighConfidence() {
        VadDecision d = classify(TestSignals.speechLike());
        assertTrue(d.speech());
        assertTrue(d.confidence() >= 0.7, "confidence " + d.confidence());
        assertEquals(50, d.frames().length);
        assertTrue(d.speechRatio() > 0.9, "ratio " + d.speechRatio());
    }

    @Test
    void silenceIsNotSpeech() {
        VadDecision d = classify(TestSignals.silence());
        assertFalse(d.speech());
        assertTrue(d.confidence() < 0.1, "confidence " + d.confidence());
        assertEquals(0, d.speechRatio());
    }

    @Test
    void loudWhiteNoiseIsNotSpeech() {
        VadDecision d = classify(TestSignals.whiteNoise());
        assertFalse(d.speech());
        assertTrue(d.confidence() < 0.1, "confidence " + d.confidence());
    }

    @Test
    void aPureToneIsNotSpeech() {
        VadDecision d = classify(TestSignals.tone(1000, 0.3));
        assertFalse(d.speech());
        assertEquals(0, d.speechRatio());
    }

    @Test
    void speechIsStillFoundUnderWhiteNoiseAtTenDbSnr() {
        float[] speech = TestSignals.speechLike();
        float[] noise = TestSignals.whiteNoise();
        float[] mix = new float[speech.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = speech[i] + noise[i];
        }
        VadDecision d = classify(mix);
        assertTrue(d.speech());
        assertTrue(d.confidence() >= 0.7, "confidence " + d.confidence());
    }

    @Test
    void emptyInputIsNotSpeech() {
        VadDecision d = classify(new float[0]);
        assertFalse(d.speech());
        assertEquals(0, d.confidence());
        assertEquals(0, d.frames().length);
    }

    @Test
    void onsetNeedsTwoFramesAndHangoverBridgesShortGaps() {
        VadState state = new VadState();
        boolean[] raw = {true, true, false, false, true, false, false, false, false};
        boolean[] smoothed = new boolean[raw.length];
        for (int i = 0; i < raw.length; i++) {
            smoothed[i] = VoiceActivityClassifier.smooth(state, raw[i], 2);
        }
        // on from the 2nd speech frame; 2 frames of hangover after each speech frame
        assertArrayEquals(new boolean[] {false, true, true, true, true, true, true, false, false}, smoothed);
    }

    @Test
    void anIsolatedSpeechFrameIsIgnored() {
        VadState state = new VadState();
        assertFalse(VoiceActivityClassifier.smooth(state, true, 10));
        assertFalse(VoiceActivityClassifier.smooth(state, false, 10));
        assertFalse(state.inSpeech());
    }

    @Test
    void noiseFloorFallsQuicklyAndRisesSlowly() {
        VadState state = new VadState();
        for (int i = 0; i < 30; i++) {
            VoiceActivityClassifier.adaptNoiseFloor(state, -80, false);
        }
        assertEquals(-80, state.noiseFloorDb(), 0.1);
        VoiceActivityClassifier.adaptNoiseFloor(state, -20, false);
        assertTrue(state.noiseFloorDb() < -75, "floor " + state.noiseFloorDb());
    }

    @Test
    void sessionChunksAreSmoothedAsOneSignal() {
        float[] speech = TestSignals.speechLike();
        VadState state = new VadState();
        byte[] all = new byte[0];
        // 170-sample chunks: never a whole frame, so frames must be completed across chunks
        for (int offset = 0; offset + 170 <= speech.length; offset += 170) {
            VadDecision d = VoiceActivityClassifier.classify(
                    Arrays.copyOfRange(speech, offset, offset + 170), VadParameters.defaults(), state, true);
            byte[] joined = Arrays.copyOf(all, all.length + d.frames().length);
            System.arraycopy(d.frames(), 0, joined, all.length, d.frames().length);
            all = joined;
        }
        assertEquals(49, state.framesSeen()); // 94 * 170 = 15980 samples = 49 whole frames
        byte[] whole = classify(speech).frames();
        assertArrayEquals(Arrays.copyOf(whole, 49), all);
    }

    @Test
    void aChunkShorterThanAFrameRepeatsTheSessionsCurrentView() {
        VadState state = new VadState();
        VoiceActivityClassifier.classify(TestSignals.speechLike(), VadParameters.defaults(), state, true);
        VadDecision tiny = VoiceActivityClassifier.classify(new float[10], VadParameters.defaults(), state, true);
        assertEquals(0, tiny.frames().length);
        assertEquals(state.inSpeech(), tiny.speech());
    }
}
