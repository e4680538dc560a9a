package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.services.builtin.Echo;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.TestSignals;
import io.hybridwasm.services.testing.Xorshift64Star;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Execute and ListServices against a real server over a real plaintext channel. */
class ExecuteIT {

    private static final Pattern VAD_HEAD =
            Pattern.compile("^\\{\"is_speech\":(true|false),\"confidence\":([0-9.]+),");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static ExecuteRequest request(String service, Encoding encoding, byte[] data) {
        return ExecuteRequest.newBuilder().setService(service)
                .setInput(Payload.newBuilder().setEncoding(encoding).setData(ByteString.copyFrom(data)))
                .build();
    }

    private static Status.Code codeOf(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void echoReturns64000BytesUnchanged() {
        byte[] data = new byte[64_000];
        Xorshift64Star rng = new Xorshift64Star(42);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextLong();
        }
        ExecuteResponse response = server.blocking().execute(request("Echo", Encoding.ENCODING_RAW, data));
        assertEquals(Encoding.ENCODING_RAW, response.getOutput().getEncoding());
        assertArrayEquals(data, response.getOutput().getData().toByteArray());
        assertTrue(server.server().stats().executeCalls("Echo") >= 1);
    }

    @Test
    void anUnknownServiceIsNotFoundAndTheMessageListsTheKnownOnes() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(request("NoSuchService", Encoding.ENCODING_RAW, new byte[1])));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        String message = e.getStatus().getDescription();
        assertTrue(message.contains("NoSuchService") && message.contains("Echo")
                && message.contains("VoiceActivityDetector"), message);
    }

    @Test
    void aMismatchingNodeTypeIsNotFound() {
        ExecuteRequest wrongType = request("Echo", Encoding.ENCODING_RAW, new byte[1]).toBuilder()
                .setNodeType("remotemedia.nodes.audio.Echo").build();
        assertEquals(Status.Code.NOT_FOUND, codeOf(() -> server.blocking().execute(wrongType)));
        ExecuteRequest rightType = wrongType.toBuilder().setNodeType(Echo.class.getName()).build();
        assertEquals(1, server.blocking().execute(rightType).getOutput().getData().size());
    }

    @Test
    void failIsAnInternalError() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(request("Fail", Encoding.ENCODING_RAW, new byte[0])));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("Fail:"), e.getStatus().getDescription());
    }

    @Test
    void sleepPastA200MsDeadlineFailsQuicklyAndFreesTheWorker() throws Exception {
        ExecuteRequest sleep = request("Sleep", Encoding.ENCODING_RAW, "5000".getBytes());
        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().withDeadlineAfter(200, TimeUnit.MILLISECONDS).execute(sleep));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(elapsedMs < 1_000, "took " + elapsedMs + " ms");
        // The server-side Sleep notices the cancellation instead of sleeping on for 5 s.
        long waitUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (server.server().stats().inFlightCalls() > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        assertEquals(0, server.server().stats().inFlightCalls());
    }

    @Test
    void bothVoiceActivityDetectorsJudgeTheCalibrationSignals() {
        for (String vad : List.of("VoiceActivityDetector", "DspVoiceActivityDetector")) {
            assertVad(vad, TestSignals.speechLike(), true, 0.7, 1.0);
            assertVad(vad, TestSignals.silence(), false, 0.0, 0.3);
            assertVad(vad, TestSignals.whiteNoise(), false, 0.0, 0.3);
        }
    }

    private static void assertVad(String service, float[] signal, boolean speech, double minConfidence,
            double maxConfidence) {
        ExecuteRequest req = ExecuteRequest.newBuilder().setService(service)
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_F32LE).setSampleRate(16_000)
                        .setData(ByteString.copyFrom(TestSignals.f32le(signal))))
                .build();
        ExecuteResponse response = server.blocking().execute(req);
        assertEquals(Encoding.ENCODING_JSON_UTF8, response.getOutput().getEncoding());
        String json = response.getOutput().getData().toStringUtf8();
        Matcher m = VAD_HEAD.matcher(json);
        assertTrue(m.find(), json);
        assertEquals(speech, Boolean.parseBoolean(m.group(1)), json);
        double confidence = Double.parseDouble(m.group(2));
        assertTrue(confidence >= minConfidence && confidence <= maxConfidence, json);
        if (service.equals("VoiceActivityDetector")) {
            assertEquals("16", response.getMetadataMap().get("windows"), "one second is 16 Silero windows");
        } else {
            assertEquals("50", response.getMetadataMap().get("frames"), "one second is 50 DSP frames");
        }
    }

    @Test
    void unreadableVadPayloadsAreInvalidArguments() {
        assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> server.blocking().execute(
                request("VoiceActivityDetector", Encoding.ENCODING_PCM_F32LE, new byte[7]))));
        // An encoding the service does not read at all is refused before it runs.
        assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> server.blocking().execute(
                request("VoiceActivityDetector", Encoding.ENCODING_JSON_UTF8, "{}".getBytes()))));
    }

    @Test
    void listServicesDescribesEveryHostedService() {
        Map<String, ServiceInfo> services = server.blocking().listServices(ListServicesRequest.getDefaultInstance())
                .getServicesList().stream().collect(Collectors.toMap(ServiceInfo::getName, s -> s));
        assertTrue(services.keySet().containsAll(
                List.of("DspVoiceActivityDetector", "Echo", "Fail", "SessionCounter", "Sleep", "VoiceActivityDetector")),
                services.keySet().toString());
        ServiceInfo vad = services.get("VoiceActivityDetector");
        assertTrue(vad.getAcceptsList().contains(Encoding.ENCODING_PCM_F32LE));
        assertTrue(vad.getAcceptsList().contains(Encoding.ENCODING_PCM_S16LE));
        assertEquals("io.hybridwasm.services.builtin.VoiceActivityDetector", vad.getNodeType());
        assertTrue(services.get("Echo").getCacheable());
        assertFalse(services.get("SessionCounter").getIdempotent());
    }
}
