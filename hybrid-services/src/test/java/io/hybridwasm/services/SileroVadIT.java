package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.services.testing.StreamCollector;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Silero VoiceActivityDetector through a real server: unary calls, a stream, and bad input. */
class SileroVadIT {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Payload.Builder f32(float[] samples) {
        return Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_F32LE).setSampleRate(16_000)
                .setData(ByteString.copyFrom(TestSignals.f32le(samples)));
    }

    private static String vad(Payload.Builder payload) {
        return server.blocking().execute(ExecuteRequest.newBuilder().setService("VoiceActivityDetector")
                .setInput(payload).build()).getOutput().getData().toStringUtf8();
    }

    private static Status.Code refusal(Payload.Builder payload) {
        return assertThrows(StatusRuntimeException.class, () -> vad(payload)).getStatus().getCode();
    }

    @Test
    void halfASecondOfSpeechIsSpeechAndHalfASecondOfNoiseIsNot() {
        float[] speech = Arrays.copyOf(TestSignals.speechLike(), 8000);
        String yes = vad(f32(speech));
        assertTrue(yes.startsWith("{\"is_speech\":true,\"confidence\":0.9"), yes);
        assertTrue(yes.contains("\"model\":\"silero_vad_v4\",\"source\":\"remote\""), yes);
        String no = vad(f32(Arrays.copyOf(TestSignals.whiteNoise(), 8000)));
        assertTrue(no.startsWith("{\"is_speech\":false,\"confidence\":0.0"), no);
        String s16 = vad(Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_S16LE)
                .setData(ByteString.copyFrom(TestSignals.s16le(speech))));
        assertTrue(s16.startsWith("{\"is_speech\":true,"), s16);
    }

    @Test
    void aStreamFollowsSpeechIntoSilenceWindowByWindow() throws Exception {
        float[] speech = TestSignals.speechLike();
        float[] silence = TestSignals.silence();
        List<float[]> chunks = List.of(Arrays.copyOf(speech, 8000), Arrays.copyOfRange(speech, 8000, 16_000),
                Arrays.copyOf(silence, 8000), Arrays.copyOfRange(silence, 8000, 16_000));
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        StreamObserver<StreamRequest> requests = collector.requests;
        requests.onNext(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder().setService("VoiceActivityDetector")).build());
        for (float[] chunk : chunks) {
            requests.onNext(StreamRequest.newBuilder().setChunk(f32(chunk)).build());
        }
        requests.onCompleted();
        assertNull(collector.done.get(30, TimeUnit.SECONDS));
        List<String> verdicts = collector.responses.stream().map(r -> r.getOutput().getData().toStringUtf8()).toList();
        assertEquals(4, verdicts.size());
        long[] windows = {7, 15, 23, 31};
        boolean[] speaking = {true, true, false, false};
        for (int i = 0; i < 4; i++) {
            String v = verdicts.get(i);
            assertTrue(v.startsWith("{\"is_speech\":" + speaking[i] + ","), i + ": " + v);
            assertTrue(v.endsWith("\"stream_windows\":" + windows[i] + "}"), i + ": " + v);
        }
    }

    @Test
    void badAudioIsAnInvalidArgumentNamingTheProblemAndTheServerStaysUp() {
        StatusRuntimeException rate = assertThrows(StatusRuntimeException.class,
                () -> vad(f32(new float[512]).setSampleRate(44_100)));
        assertEquals(Status.Code.INVALID_ARGUMENT, rate.getStatus().getCode());
        assertTrue(rate.getStatus().getDescription().contains("sample rate 44100 Hz, expected 16000"),
                rate.getStatus().getDescription());
        float[] nan = new float[512];
        nan[3] = Float.NaN;
        assertEquals(Status.Code.INVALID_ARGUMENT, refusal(f32(nan)));
        assertEquals(Status.Code.INVALID_ARGUMENT, refusal(Payload.newBuilder()
                .setEncoding(Encoding.ENCODING_PCM_F32LE).setData(ByteString.copyFrom(new byte[7]))));
        assertTrue(vad(f32(TestSignals.speechLike())).startsWith("{\"is_speech\":true,"));
    }
}
