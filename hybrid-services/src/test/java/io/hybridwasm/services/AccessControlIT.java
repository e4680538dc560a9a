package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc.RemoteExecutionBlockingStub;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import io.hybridwasm.services.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens and per-token service grants on a real server over real channels. */
class AccessControlIT {

    private static final String ALICE = "alice-4b9e2f7c1a3d5e6f";
    private static final String BOB = "bob-8c1d3e5f7a9b0c2d";
    private static final String ECHO_ONLY = "echo-only-0f1e2d3c4b5a";

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        AccessPolicy policy = AccessPolicy.builder()
                .grant(ALICE, AccessPolicy.ALL_SERVICES)
                .grant(BOB, AccessPolicy.ALL_SERVICES)
                .grant(ECHO_ONLY, "Echo")
                .build();
        server = TestServer.start(b -> b.accessPolicy(policy));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExecuteRequest request(String service, String sessionId) {
        return ExecuteRequest.newBuilder().setService(service).setSessionId(sessionId)
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8("hi")))
                .build();
    }

    private static Status refusal(RemoteExecutionBlockingStub stub, ExecuteRequest request) {
        return assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .execute(request)).getStatus();
    }

    @Test
    void aCallWithoutATokenIsUnauthenticatedAndNeverReachesTheService() {
        long before = server.server().stats().executeCalls("Echo");
        Status status = refusal(server.blocking(), request("Echo", ""));
        assertEquals(Status.Code.UNAUTHENTICATED, status.getCode());
        assertEquals("missing bearer token", status.getDescription());
        assertEquals(before, server.server().stats().executeCalls("Echo"));
    }

    @Test
    void aWrongTokenIsUnauthenticatedAndNotEchoed() {
        String wrong = ALICE + "x";
        Status status = refusal(server.blocking(wrong), request("Echo", ""));
        assertEquals(Status.Code.UNAUTHENTICATED, status.getCode());
        assertEquals("invalid bearer token", status.getDescription());
    }

    @Test
    void theRightTokenIsServed() {
        assertEquals("hi", server.blocking(ALICE).execute(request("Echo", "")).getOutput().getData().toStringUtf8());
        assertEquals("hi", server.blocking(ECHO_ONLY).execute(request("Echo", "")).getOutput().getData().toStringUtf8());
    }

    @Test
    void aTokenAllowedOnlyEchoIsDeniedTheDetector() {
        Status status = refusal(server.blocking(ECHO_ONLY), request("VoiceActivityDetector", ""));
        assertEquals(Status.Code.PERMISSION_DENIED, status.getCode());
        assertTrue(status.getDescription().contains("'VoiceActivityDetector'"), status.getDescription());
        // Unknown services are denied too: the token learns nothing about what else is hosted.
        assertEquals(Status.Code.PERMISSION_DENIED, refusal(server.blocking(ECHO_ONLY), request("NoSuch", "")).getCode());
        assertEquals(Status.Code.NOT_FOUND, refusal(server.blocking(ALICE), request("NoSuch", "")).getCode());
    }

    @Test
    void aStreamToAServiceOutsideTheGrantIsDenied() throws Exception {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<StreamRequest> requests = RemoteExecutionGrpc.newStub(server.channel())
                .withInterceptors(TestServer.bearer(ECHO_ONLY))
                .stream(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
        requests.onNext(StreamRequest.newBuilder()
                .setOpen(StreamOpen.newBuilder().setService("VoiceActivityDetector")).build());
        Status status = ended.get(5, TimeUnit.SECONDS);
        requests.onCompleted();
        assertEquals(Status.Code.PERMISSION_DENIED, status.getCode());
        assertEquals(0, server.server().stats().streamsOpened("VoiceActivityDetector"));
    }

    @Test
    void listServicesShowsOnlyWhatTheTokenMayCall() {
        List<String> echoOnly = server.blocking(ECHO_ONLY).listServices(ListServicesRequest.getDefaultInstance())
                .getServicesList().stream().map(ServiceInfo::getName).toList();
        assertEquals(List.of("Echo"), echoOnly);
        List<String> all = server.blocking(ALICE).listServices(ListServicesRequest.getDefaultInstance())
                .getServicesList().stream().map(ServiceInfo::getName).toList();
        assertTrue(all.containsAll(List.of("Echo", "Sleep", "VoiceActivityDetector")), all.toString());
    }

    @Test
    void aSessionBelongsToTheCallerThatOpenedIt() {
        RemoteExecutionBlockingStub alice = server.blocking(ALICE);
        RemoteExecutionBlockingStub bob = server.blocking(BOB);
        OpenSessionRequest open = OpenSessionRequest.newBuilder().setClientSessionId("mic-1").build();
        String session = alice.openSession(open).getSessionId();
        alice.execute(request("SessionCounter", session));

        assertEquals(Status.Code.NOT_FOUND, refusal(bob, request("SessionCounter", session)).getCode());
        assertFalse(bob.closeSession(CloseSessionRequest.newBuilder().setSessionId(session).build()).getClosed());
        assertNotEquals(session, bob.openSession(open).getSessionId());

        String json = alice.execute(request("SessionCounter", session)).getOutput().getData().toStringUtf8();
        assertTrue(json.endsWith("\"calls\":2}"), json);
        assertTrue(alice.closeSession(CloseSessionRequest.newBuilder().setSessionId(session).build()).getClosed());
    }

    @Test
    void healthNeedsNoTokenButReflectionDoes() throws Exception {
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());

        ExecutionException refused = assertThrows(ExecutionException.class, () -> server.listServicesByReflection(null, Duration.ofSeconds(5)));
        assertEquals(Status.Code.UNAUTHENTICATED, Status.fromThrowable(refused.getCause()).getCode());
        assertTrue(server.listServicesByReflection(ECHO_ONLY, Duration.ofSeconds(5)).getListServicesResponse().getServiceCount() > 0);
    }
}
