package io.hybridwasm.services.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceContract;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DspVoiceActivityDetectorTest extends HostedServiceContract {

    private static final Pattern HEAD =
            Pattern.compile("^\\{\"is_speech\":(true|false),\"confidence\":([0-9.]+),\"frames\":\\[([01,]*)],"
                    + "\"speech_ratio\":([0-9.]+),\"frame_ms\":20,\"source\":\"remote\",\"session_frames\":(\\d+)}$");

    private final DspVoiceActivityDetector vad = new DspVoiceActivityDetector();

    @Override
    protected HostedService service() {
        return new DspVoiceActivityDetector();
    }

    @Override
    protected ServiceCall sampleCall() {
        return pcm(TestSignals.silence());
    }

    /** What a VAD answer says, parsed strictly (the key order is part of the contract). */
    record Answer(boolean speech, double confidence, int frames, double ratio, long sessionFrames) {
        static Answer parse(ServiceResult result) {
            assertEquals(PayloadEncoding.JSON_UTF8, result.encoding());
            Matcher m = HEAD.matcher(result.text());
            assertTrue(m.matches(), "unexpected JSON: " + result.text());
            int frames = m.group(3).isEmpty() ? 0 : m.group(3).split(",").length;
            return new Answer(Boolean.parseBoolean(m.group(1)), Double.parseDouble(m.group(2)), frames,
                    Double.parseDouble(m.group(4)), Long.parseLong(m.group(5)));
        }
    }

    private static ServiceCall pcm(float[] samples) {
        return ServiceCall.of(PayloadEncoding.PCM_F32LE, TestSignals.f32le(samples));
    }

    @Test
    void speechLikeSignalIsSpeech() {
        Answer a = Answer.parse(vad.execute(pcm(TestSignals.speechLike())));
        assertTrue(a.speech());
        assertTrue(a.confidence() >= 0.7, "confidence " + a.confidence());
        assertEquals(50, a.frames());
        assertEquals(50, a.sessionFrames());
    }

    @Test
    void silenceIsNotSpeech() {
        Answer a = Answer.parse(vad.execute(pcm(TestSignals.silence())));
        assertFalse(a.speech());
        assertTrue(a.confidence() < 0.3, "confidence " + a.confidence());
    }

    @Test
    void whiteNoiseIsNotSpeechAlthoughItIsLoud() {
        Answer a = Answer.parse(vad.execute(pcm(TestSignals.whiteNoise())));
        assertFalse(a.speech());
        assertTrue(a.confidence() < 0.3, "confidence " + a.confidence());
        assertEquals(0, a.ratio());
    }

    /** Documented behaviour: a steady 1 kHz tone is loud and harmonic but not speech. */
    @Test
    void aPureToneIsReportedAsNotSpeech() {
        Answer a = Answer.parse(vad.execute(pcm(TestSignals.tone(1000, 0.3))));
        assertFalse(a.speech());
        assertEquals(0, a.ratio());
    }

    @Test
    void acceptsSigned16BitPcmWithTheSameVerdict() {
        ServiceResult result = vad.execute(ServiceCall.of(PayloadEncoding.PCM_S16LE,
                TestSignals.s16le(TestSignals.speechLike())));
        Answer a = Answer.parse(result);
        assertTrue(a.speech());
        assertTrue(a.confidence() >= 0.7);
    }

    @Test
    void readsTheSampleRateFromConfig() {
        // The same samples declared as 8 kHz: 20 ms frames are 160 samples, so 100 frames.
        ServiceResult result = vad.execute(pcm(TestSignals.silence()).withConfig(Map.of("sample_rate", "8000")));
        assertEquals(100, Answer.parse(result).frames());
        assertEquals("8000", result.metadata().get("sample_rate"));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> vad.execute(pcm(new float[16]).withConfig(Map.of("sample_rate", "fast")))).kind());
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> vad.execute(pcm(new float[16]).withConfig(Map.of("sample_rate", "100")))).kind());
    }

    @Test
    void aPayloadThatIsNotWholeFloatsIsAnInvalidArgument() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> vad.execute(ServiceCall.of(PayloadEncoding.PCM_F32LE, new byte[6])));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("6 bytes"), e.getMessage());
    }

    @Test
    void emptyAudioIsNotSpeech() {
        Answer a = Answer.parse(vad.execute(ServiceCall.of(PayloadEncoding.PCM_F32LE, new byte[0])));
        assertFalse(a.speech());
        assertEquals(0, a.confidence());
        assertEquals(0, a.frames());
    }

    @Test
    void isSpeechAndConfidenceAreTheFirstTwoKeys() {
        String json = vad.execute(pcm(TestSignals.speechLike())).text();
        assertTrue(json.startsWith("{\"is_speech\":true,\"confidence\":"), json);
    }

    @Test
    void aSessionCarriesStateFromChunkToChunk() {
        ServiceSession session = new ServiceSession("s");
        float[] speech = TestSignals.speechLike();
        long total = 0;
        for (int chunk = 0; chunk < 10; chunk++) {
            float[] part = Arrays.copyOfRange(speech, chunk * 1600, (chunk + 1) * 1600);
            Answer a = Answer.parse(vad.execute(pcm(part).withSession(session)));
            total += a.frames();
            assertEquals(total, a.sessionFrames());
            if (chunk > 0) {
                assertTrue(a.speech(), "chunk " + chunk);
            }
        }
        assertEquals(50, total);
    }
}
