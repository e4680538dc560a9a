package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.OpenSessionResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc.RemoteExecutionBlockingStub;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.TestSignals;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side sessions over a real channel. */
class SessionIT {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(b -> b.maxSessions(50));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String open(String clientId) {
        return server.blocking().openSession(OpenSessionRequest.newBuilder().setClientSessionId(clientId).build())
                .getSessionId();
    }

    private static ExecuteRequest counter(String sessionId) {
        return ExecuteRequest.newBuilder().setService("SessionCounter").setSessionId(sessionId)
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW)).build();
    }

    @Test
    void sessionStateSurvivesBetweenTwoExecuteCalls() {
        String id = open("");
        RemoteExecutionBlockingStub stub = server.blocking();
        assertEquals("{\"session_id\":\"" + id + "\",\"calls\":1}",
                stub.execute(counter(id)).getOutput().getData().toStringUtf8());
        assertEquals("{\"session_id\":\"" + id + "\",\"calls\":2}",
                stub.execute(counter(id)).getOutput().getData().toStringUtf8());
        // A different session counts on its own.
        assertTrue(stub.execute(counter(open(""))).getOutput().getData().toStringUtf8().endsWith("\"calls\":1}"));
    }

    @Test
    void openSessionWithTheSameClientIdReturnsTheExistingSession() {
        OpenSessionRequest request = OpenSessionRequest.newBuilder().setClientSessionId("guest-7").build();
        OpenSessionResponse first = server.blocking().openSession(request);
        OpenSessionResponse second = server.blocking().openSession(request);
        assertFalse(first.getExisting());
        assertTrue(second.getExisting());
        assertEquals(first.getSessionId(), second.getSessionId());
        assertNotEquals(first.getSessionId(), open("guest-8"));
    }

    @Test
    void anUnknownSessionIsNotFoundAndAClosedOneIsGone() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(counter("0123456789abcdef0123456789abcdef")));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());

        String id = open("");
        server.blocking().execute(counter(id));
        assertTrue(server.blocking().closeSession(CloseSessionRequest.newBuilder().setSessionId(id).build()).getClosed());
        assertFalse(server.blocking().closeSession(CloseSessionRequest.newBuilder().setSessionId(id).build()).getClosed());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(counter(id))).getStatus().getCode());
    }

    @Test
    void anUnknownSessionIsMarkedSoThatClientsCanTellItFromAnUnknownService() {
        StatusRuntimeException session = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(counter("0123456789abcdef0123456789abcdef")));
        assertEquals(List.of("hybrid.v1/SESSION_NOT_FOUND"), errorInfos(session));
        StatusRuntimeException service = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(counter("").toBuilder().setService("NoSuchService").build()));
        assertEquals(Status.Code.NOT_FOUND, service.getStatus().getCode());
        assertEquals(List.of(), errorInfos(service));
    }

    private static List<String> errorInfos(StatusRuntimeException e) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        return details == null ? List.of() : details.getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .map(any -> {
                    try {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        return info.getDomain() + "/" + info.getReason();
                    } catch (InvalidProtocolBufferException ex) {
                        throw new AssertionError(ex);
                    }
                }).toList();
    }

    @Test
    void aSessionServiceWithoutASessionIsAFailedPrecondition() {
        assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(counter(""))).getStatus().getCode());
    }

    @Test
    void theVadsCarryStateAcrossConsecutiveChunksOfOneSession() {
        String id = open("");
        float[] speech = TestSignals.speechLike();
        // Silero's noise suppressor holds back the last 256-511 samples of each call: 2816, 6144, ... reach the model.
        long[] sileroWindows = {2, 6, 9, 12, 15};
        for (int chunk = 0; chunk < 5; chunk++) {
            float[] part = Arrays.copyOfRange(speech, chunk * 3200, (chunk + 1) * 3200);
            String dsp = vad("DspVoiceActivityDetector", id, part);
            assertTrue(dsp.endsWith("\"session_frames\":" + 10 * (chunk + 1) + "}"), dsp);
            assertTrue(dsp.startsWith("{\"is_speech\":true"), dsp);
            String silero = vad("VoiceActivityDetector", id, part);
            assertTrue(silero.endsWith("\"stream_windows\":" + sileroWindows[chunk] + "}"), silero);
            // The first 0.2 s opens on a syllable rising from silence, heard by a model without context yet.
            assertTrue(chunk == 0 || silero.startsWith("{\"is_speech\":true"), silero);
        }
    }

    private static String vad(String service, String sessionId, float[] samples) {
        return server.blocking().execute(ExecuteRequest.newBuilder()
                .setService(service).setSessionId(sessionId)
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_F32LE)
                        .setData(ByteString.copyFrom(TestSignals.f32le(samples)))).build())
                .getOutput().getData().toStringUtf8();
    }

    @Test
    void theSessionCapIsResourceExhausted() throws Exception {
        try (TestServer small = TestServer.start(b -> b.maxSessions(2))) {
            small.blocking().openSession(OpenSessionRequest.getDefaultInstance());
            small.blocking().openSession(OpenSessionRequest.getDefaultInstance());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> small.blocking().openSession(OpenSessionRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertEquals(2, small.server().stats().openSessions());
        }
    }
}
