package io.hybridwasm.services.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.Cancellation;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceContract;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import io.hybridwasm.services.spi.StreamHandler;
import io.hybridwasm.services.testing.TestSignals;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest extends HostedServiceContract {

    private static final Pattern ANSWER = Pattern.compile("^\\{\"is_speech\":(true|false),\"confidence\":([0-9.]+),"
            + "\"windows\":(\\d+),\"speech_windows\":(\\d+),\"window_probabilities\":\\[([0-9.,]*)],\"window_ms\":64,"
            + "\"gain_db\":([0-9.]+),\"model\":\"silero_vad_v4\",\"source\":\"remote\",\"stream_windows\":(\\d+)}$");

    private final List<VoiceActivityDetector> started = new ArrayList<>();
    private final VoiceActivityDetector vad = startedVad();

    private VoiceActivityDetector startedVad() {
        VoiceActivityDetector v = new VoiceActivityDetector();
        v.start();
        started.add(v);
        return v;
    }

    @AfterEach
    void stopAll() {
        started.forEach(VoiceActivityDetector::stop);
    }

    @Override
    protected HostedService service() {
        return startedVad();
    }

    @Override
    protected ServiceCall sampleCall() {
        return pcm(TestSignals.speechLike());
    }

    /** A VAD answer, parsed strictly (the key order is part of the contract). */
    record Answer(boolean speech, double confidence, int windows, int speechWindows, long streamWindows, double gainDb) {
        static Answer parse(ServiceResult result) {
            assertEquals(PayloadEncoding.JSON_UTF8, result.encoding());
            Matcher m = ANSWER.matcher(result.text());
            assertTrue(m.matches(), "unexpected JSON: " + result.text());
            int listed = m.group(5).isEmpty() ? 0 : m.group(5).split(",").length;
            assertEquals(Integer.parseInt(m.group(3)), listed, result.text());
            return new Answer(Boolean.parseBoolean(m.group(1)), Double.parseDouble(m.group(2)), listed,
                    Integer.parseInt(m.group(4)), Long.parseLong(m.group(7)), Double.parseDouble(m.group(6)));
        }
    }

    private static ServiceCall pcm(float[] samples) {
        return ServiceCall.of(PayloadEncoding.PCM_F32LE, TestSignals.f32le(samples));
    }

    @Test
    void speechLikeSoundIsSpeechWhileSilenceNoiseAndAToneAreNot() {
        Answer speech = Answer.parse(vad.execute(pcm(TestSignals.speechLike())));
        assertTrue(speech.speech() && speech.confidence() > 0.9, speech.toString());
        assertEquals(16, speech.windows());
        assertEquals(16, speech.streamWindows());
        for (float[] other : List.of(TestSignals.silence(), TestSignals.whiteNoise(), TestSignals.tone(1000, 0.3))) {
            Answer a = Answer.parse(vad.execute(pcm(other)));
            assertFalse(a.speech(), a.toString());
            assertTrue(a.confidence() < 0.1, a.toString());
            assertEquals(0, a.speechWindows());
        }
    }

    @Test
    void signed16BitPcmGetsTheSameVerdict() {
        Answer f32 = Answer.parse(vad.execute(pcm(TestSignals.speechLike())));
        Answer s16 = Answer.parse(vad.execute(ServiceCall.of(PayloadEncoding.PCM_S16LE,
                TestSignals.s16le(TestSignals.speechLike()))));
        assertTrue(s16.speech());
        assertEquals(f32.confidence(), s16.confidence(), 0.02);
    }

    @Test
    void anotherSampleRateIsRefusedNamingIt() {
        ServiceCall at44k = new ServiceCall(PayloadEncoding.PCM_F32LE, ByteBuffer.wrap(new byte[4096]), Map.of(),
                Optional.empty(), 44_100, 1, Cancellation.NEVER);
        ServiceException e = assertThrows(ServiceException.class, () -> vad.execute(at44k));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("sample rate 44100 Hz, expected 16000"), e.getMessage());
        ServiceException byConfig = assertThrows(ServiceException.class,
                () -> vad.execute(pcm(new float[1024]).withConfig(Map.of("sample_rate", "8000"))));
        assertTrue(byConfig.getMessage().contains("8000 Hz"), byConfig.getMessage());
        assertEquals("16000", vad.execute(pcm(new float[1024]).withConfig(Map.of("sample_rate", "16000")))
                .metadata().get("sample_rate"));
    }

    @Test
    void unreadablePayloadsAreInvalidArguments() {
        ServiceException odd = assertThrows(ServiceException.class,
                () -> vad.execute(ServiceCall.of(PayloadEncoding.PCM_F32LE, new byte[6])));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, odd.kind());
        assertTrue(odd.getMessage().contains("6 bytes"), odd.getMessage());
        float[] withNan = new float[1024];
        withNan[700] = Float.NaN;
        ServiceException nan = assertThrows(ServiceException.class, () -> vad.execute(pcm(withNan)));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, nan.kind());
        assertTrue(nan.getMessage().contains("sample 700"), nan.getMessage());
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> vad.execute(pcm(new float[1024]).withConfig(Map.of("threshold", "2")))).kind());
    }

    @Test
    void theThresholdSetsWhereIsSpeechTurnsTrue() {
        Answer normal = Answer.parse(vad.execute(pcm(TestSignals.speechLike())));
        Answer strict = Answer.parse(vad.execute(pcm(TestSignals.speechLike()).withConfig(Map.of("threshold", "1"))));
        assertTrue(normal.speech());
        assertFalse(strict.speech());
        assertEquals(normal.confidence(), strict.confidence());
    }

    private static float[] atLevel(float[] samples, double rmsDbfs) {
        double e = 0;
        for (float x : samples) {
            e += (double) x * x;
        }
        double k = Math.pow(10, (rmsDbfs - 10 * Math.log10(e / samples.length)) / 20);
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (samples[i] * k);
        }
        return out;
    }

    @Test
    void quietSpeechIsBroughtToSpeechLevelAndHeard() {
        float[] quiet = atLevel(TestSignals.speechLike(), -45);
        Answer a = Answer.parse(vad.execute(pcm(quiet)));
        assertTrue(a.speech() && a.confidence() > 0.7, a.toString());
        assertTrue(a.gainDb() > 15 && a.gainDb() <= 30, "gain " + a.gainDb());
        Answer loud = Answer.parse(vad.execute(pcm(atLevel(TestSignals.speechLike(), -15))));
        assertTrue(loud.speech());
        assertEquals(0, loud.gainDb(), "loud speech is left as it is");
        ServiceSession session = new ServiceSession("quiet");
        for (int chunk = 0; chunk < 2; chunk++) {
            Answer part = Answer.parse(vad.execute(pcm(Arrays.copyOfRange(quiet, chunk * 8000, (chunk + 1) * 8000))
                    .withSession(session)));
            assertTrue(part.speech() && part.gainDb() > 15, "chunk " + chunk + " in a session: " + part);
        }
    }

    @Test
    void aQuietNoiseFloorIsNotRaisedIntoSpeech() {
        for (float[] floor : List.of(atLevel(TestSignals.noise(1), -60), atLevel(TestSignals.tone(50, 1), -60),
                atLevel(TestSignals.noise(1), -45))) {
            Answer alone = Answer.parse(vad.execute(pcm(floor)));
            assertFalse(alone.speech(), alone.toString());
            assertTrue(alone.confidence() < 0.2, alone.toString());
            assertTrue(alone.gainDb() <= 21.5, "a floor is never lifted much above -40 dBFS: " + alone);
            try (StreamHandler stream = vad.openStream(pcm(new float[0]))) {
                for (int i = 0; i < 4; i++) {
                    Answer a = Answer.parse(stream.consume(pcm(floor)).orElseThrow());
                    assertFalse(a.speech(), "second " + i + " of a stream: " + a);
                }
            }
        }
    }

    @Test
    void emptyAudioIsNotSpeech() {
        Answer a = Answer.parse(vad.execute(ServiceCall.of(PayloadEncoding.PCM_F32LE, new byte[0])));
        assertFalse(a.speech());
        assertEquals(0, a.confidence());
        assertEquals(0, a.windows());
    }

    @Test
    void aSessionContinuesFromChunkToChunkWhileStatelessCallsStartFresh() {
        ServiceSession session = new ServiceSession("s");
        float[] speech = TestSignals.speechLike();
        ServiceResult lone = vad.execute(pcm(Arrays.copyOfRange(speech, 3200, 6400)));
        // In a session the noise suppressor holds back the last 256-511 samples: 2816, 6144, ... reach the model.
        long[] expected = {2, 6, 9, 12, 15};
        for (int chunk = 0; chunk < 5; chunk++) {
            ServiceCall part = pcm(Arrays.copyOfRange(speech, chunk * 3200, (chunk + 1) * 3200));
            assertEquals(expected[chunk], Answer.parse(vad.execute(part.withSession(session))).streamWindows());
            assertEquals(lone.text(), vad.execute(pcm(Arrays.copyOfRange(speech, 3200, 6400))).text(),
                    "a stateless call ignores the session's state");
        }
    }

    /**
     * Speech in rising noise gives window probabilities all over 0..1: a stateless answer is the
     * windows' mean at threshold 0.4; one in a session or stream is its most confident window at
     * threshold 0.7.
     */
    @Test
    void aContinuedStreamIsJudgedAtItsOwnThreshold() {
        int between = 0;
        ServiceSession session = new ServiceSession("mix");
        try (StreamHandler stream = vad.openStream(pcm(new float[0]))) {
            for (double noiseStd : new double[] {0.01, 0.03, 0.1, 0.2, 0.3}) {
                float[] speech = atLevel(TestSignals.speechLike(), -30);
                float[] noise = TestSignals.noise(noiseStd);
                float[] mix = new float[speech.length];
                for (int i = 0; i < mix.length; i++) {
                    mix[i] = speech[i] + noise[i];
                }
                for (int chunk = 0; chunk < 2; chunk++) {
                    ServiceCall part = pcm(Arrays.copyOfRange(mix, chunk * 8000, (chunk + 1) * 8000));
                    String alone = vad.execute(part).text();
                    String inSession = vad.execute(part.withSession(session)).text();
                    String streamed = stream.consume(part).orElseThrow().text();
                    assertCountedAt(0.4, alone);
                    assertCountedAt(0.7, inSession);
                    assertCountedAt(0.7, streamed);
                    assertPeak(inSession);
                    assertPeak(streamed);
                    between += windowsIn(inSession, 0.4, 0.7) + windowsIn(streamed, 0.4, 0.7);
                }
            }
        }
        assertTrue(between > 0, "some window lies between the two thresholds, so the test tells them apart");
    }

    /** The confidence is the highest window, or the highest but the first (a window carried over from the chunk before). */
    private static void assertPeak(String json) {
        String list = json.substring(json.indexOf('[') + 1, json.indexOf(']'));
        double[] p = Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
        double all = Arrays.stream(p).max().orElseThrow();
        double own = Arrays.stream(p, 1, p.length).max().orElse(all);
        double confidence = Answer.parse(ServiceResult.json(json)).confidence();
        assertTrue(Math.abs(confidence - all) < 0.0011 || Math.abs(confidence - own) < 0.0011, json);
    }

    private static void assertCountedAt(double threshold, String json) {
        Answer a = Answer.parse(ServiceResult.json(json));
        assertEquals(windowsIn(json, threshold, 2), a.speechWindows(), "threshold " + threshold + ": " + json);
        assertEquals(a.confidence() >= threshold, a.speech(), "threshold " + threshold + ": " + json);
    }

    private static int windowsIn(String json, double from, double below) {
        String list = json.substring(json.indexOf('[') + 1, json.indexOf(']'));
        return list.isEmpty() ? 0 : (int) Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble)
                .filter(p -> p >= from && p < below).count();
    }

    private static ServiceCall withContext(float[] context, float[] chunk) {
        return ServiceCall.of(PayloadEncoding.RAW, VoiceActivityDetector.contextPayload(context, chunk));
    }

    @Test
    void theContextPayloadIsThePrefixThenBothAsFloat32() {
        ByteBuffer b = ByteBuffer.wrap(VoiceActivityDetector.contextPayload(new float[] {0.25f}, new float[] {-1f, 0.5f}))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 + 12, b.remaining());
        assertEquals(List.of((byte) 0x48, (byte) 0x43, (byte) 0xC1, (byte) 0x7F), List.of(b.get(0), b.get(1), b.get(2), b.get(3)));
        assertEquals(1, b.getInt(4));
        assertEquals(List.of(0.25f, -1f, 0.5f), List.of(b.getFloat(8), b.getFloat(12), b.getFloat(16)));
    }

    /**
     * A prefix of no samples still makes a stateless call a fresh stream (peak at 0.7), context as
     * long as the payload leaves an empty chunk, and 16-bit PCM never reads the bytes as a prefix.
     */
    @Test
    void contextEdgesAreJudgedAsDocumented() {
        float[] speech = TestSignals.speechLike();
        float[] chunk = Arrays.copyOf(speech, 8000);
        String fresh = vad.execute(withContext(new float[0], chunk)).text();
        assertEquals(vad.execute(pcm(chunk).withSession(new ServiceSession("fresh"))).text(), fresh);
        assertFalse(vad.execute(pcm(chunk)).text().equals(fresh), "not the stateless answer (two passes, mean at 0.4)");

        Answer empty = Answer.parse(vad.execute(withContext(chunk, new float[0])));
        assertEquals(0, empty.windows(), "no chunk, no windows of its own");

        byte[] s16 = new byte[3200];
        s16[0] = 0x48;
        s16[1] = 0x43;
        s16[2] = (byte) 0xC1;
        s16[3] = 0x7F;
        Answer audio = Answer.parse(vad.execute(ServiceCall.of(PayloadEncoding.PCM_S16LE, s16)));
        assertFalse(audio.speech());
        assertEquals(2, audio.windows(), "1600 samples read as audio, the first four bytes included");
    }

    /**
     * A chunk sent behind its context is judged exactly as the same chunk sent after the context
     * in a fresh session, and only the chunk's own windows count.
     */
    @Test
    void contextIsHeardButOnlyTheChunkIsJudged() {
        float[] speech = TestSignals.speechLike();
        float[] context = Arrays.copyOf(speech, 8000);
        float[] silence = new float[8000];
        ServiceSession session = new ServiceSession("ctx");
        vad.execute(pcm(context).withSession(session));
        String inSession = vad.execute(pcm(silence).withSession(session)).text();
        String behindContext = vad.execute(withContext(context, silence)).text();
        assertEquals(inSession, behindContext);
        Answer a = Answer.parse(ServiceResult.json(behindContext));
        assertFalse(a.speech(), "speech in the context does not make a silent chunk speech: " + behindContext);
        assertTrue(a.streamWindows() > a.windows(), "the context's windows ran: " + behindContext);
        assertCountedAt(0.7, behindContext);

        ServiceSession resumed = new ServiceSession("resumed");
        vad.execute(pcm(new float[3000]).withSession(resumed));
        vad.execute(pcm(context).withSession(resumed));
        String heard = vad.execute(pcm(speech).withSession(resumed)).text();
        ServiceSession gap = new ServiceSession("gap");
        vad.execute(pcm(new float[3000]).withSession(gap));
        assertEquals(heard, vad.execute(withContext(context, speech).withSession(gap)).text(),
                "in a session the context continues the session's stream");
        assertTrue(Answer.parse(ServiceResult.json(heard)).speech(), heard);
    }

    @Test
    void aMalformedContextPrefixIsRefusedNamingWhatIsWrong() {
        ServiceCall overstated = ServiceCall.of(PayloadEncoding.RAW, ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {0x48, 0x43, (byte) 0xC1, 0x7F}).putInt(3).putFloat(0).putFloat(0).array());
        ServiceException e = assertThrows(ServiceException.class, () -> vad.execute(overstated));
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("context of 3 samples, but only 2 samples were sent"), e.getMessage());
        ServiceCall cut = ServiceCall.of(PayloadEncoding.RAW, new byte[] {0x48, 0x43, (byte) 0xC1, 0x7F, 1});
        ServiceException c = assertThrows(ServiceException.class, () -> vad.execute(cut));
        assertTrue(c.getMessage().contains("context prefix of 5 bytes, expected 8"), c.getMessage());
    }

    @Test
    void aStreamKeepsItsOwnStateAndAnotherStreamStartsFresh() {
        float[] speech = TestSignals.speechLike();
        List<String> first = new ArrayList<>();
        try (StreamHandler stream = vad.openStream(pcm(new float[0]))) {
            for (int chunk = 0; chunk < 2; chunk++) {
                first.add(stream.consume(pcm(Arrays.copyOfRange(speech, chunk * 8000, (chunk + 1) * 8000))).orElseThrow().text());
            }
        }
        assertEquals(7, Answer.parse(ServiceResult.json(first.get(0))).streamWindows());
        assertEquals(15, Answer.parse(ServiceResult.json(first.get(1))).streamWindows());
        try (StreamHandler again = vad.openStream(pcm(new float[0]))) {
            assertEquals(first.get(0), again.consume(pcm(Arrays.copyOf(speech, 8000))).orElseThrow().text());
        }
    }

    @Test
    void aStreamInASessionContinuesTheSessionsState() {
        ServiceSession session = new ServiceSession("s");
        vad.execute(pcm(new float[1000]).withSession(session));
        try (StreamHandler stream = vad.openStream(pcm(new float[0]).withSession(session))) {
            Answer a = Answer.parse(stream.consume(pcm(new float[1600]).withSession(session)).orElseThrow());
            assertEquals(2, a.streamWindows(), "1000 + 1600 samples, less the suppressor's lag, make two windows");
        }
    }

    @Test
    void theModelLivesFromTheFirstStartToTheLastStop() {
        VoiceActivityDetector shared = new VoiceActivityDetector();
        assertFalse(shared.modelLoaded());
        shared.start();
        shared.start();
        shared.stop();
        assertTrue(shared.modelLoaded(), "one of two servers still hosts it");
        shared.stop();
        assertFalse(shared.modelLoaded());
        shared.stop();
        assertFalse(shared.modelLoaded());
    }

    @Test
    void aBrokenModelFailsStartNamingIt() {
        VoiceActivityDetector broken = new VoiceActivityDetector("my-vad.onnx", new byte[] {1, 2, 3});
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::start);
        assertTrue(e.getMessage().contains("my-vad.onnx"), e.getMessage());
        assertFalse(broken.modelLoaded());
    }
}
