package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.CallerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrpcAccessControlTest {

    private static final String TOKEN = "s3cret-token-value";
    private static final String EXECUTE = "hybrid.v1.RemoteExecution/Execute";

    private final AccessPolicy policy = AccessPolicy.builder().grant(TOKEN, "Echo").build();
    private final GrpcAccessControl control = new GrpcAccessControl(policy);
    private final List<String> callersSeen = new ArrayList<>();
    private final List<Boolean> echoAllowed = new ArrayList<>();
    private final ServerCallHandler<String, String> service = (call, headers) -> new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
            callersSeen.add(CallerId.current());
            echoAllowed.add(GrpcAccessControl.isAllowed("Echo") && !GrpcAccessControl.isAllowed("Sleep"));
        }
    };

    private static Metadata authorization(String value) {
        Metadata headers = new Metadata();
        if (value != null) {
            headers.put(GrpcAccessControl.AUTHORIZATION, value);
        }
        return headers;
    }

    private FakeServerCall run(String method, String authorization) {
        FakeServerCall call = new FakeServerCall(method);
        control.interceptCall(call, authorization(authorization), service).onHalfClose();
        return call;
    }

    @Test
    void readsTheBearerSchemeCaseInsensitively() {
        assertEquals(Optional.of("abc"), GrpcAccessControl.bearerToken("Bearer abc"));
        assertEquals(Optional.of("abc"), GrpcAccessControl.bearerToken("bearer  abc "));
        assertEquals(Optional.empty(), GrpcAccessControl.bearerToken(null));
        assertEquals(Optional.empty(), GrpcAccessControl.bearerToken("Bearer "));
        assertEquals(Optional.empty(), GrpcAccessControl.bearerToken("Bearerabc"));
        assertEquals(Optional.empty(), GrpcAccessControl.bearerToken("Basic YWxhZGRpbg=="));
    }

    @Test
    void aValidTokenRunsTheCallAsItsCallerWithItsGrant() {
        FakeServerCall call = run(EXECUTE, "Bearer " + TOKEN);
        assertNull(call.closedWith);
        assertEquals(List.of(policy.grants().getFirst().callerId()), callersSeen);
        assertEquals(List.of(true), echoAllowed);
    }

    @Test
    void missingMalformedAndUnknownTokensAreUnauthenticatedWithoutEchoingThem() {
        assertEquals(Status.UNAUTHENTICATED.withDescription("missing bearer token").toString(),
                run(EXECUTE, null).closedWith.toString());
        assertEquals("missing bearer token", run(EXECUTE, "Basic " + TOKEN).closedWith.getDescription());
        Status wrong = run(EXECUTE, "Bearer not-the-" + TOKEN).closedWith;
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getCode());
        assertEquals("invalid bearer token", wrong.getDescription());
        assertTrue(callersSeen.isEmpty());
    }

    @Test
    void healthNeedsNoTokenAndReflectionDoes() {
        assertNull(run("grpc.health.v1.Health/Check", null).closedWith);
        assertEquals(List.of(""), callersSeen);
        assertEquals(Status.Code.UNAUTHENTICATED,
                run("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", null).closedWith.getCode());
    }

    @Test
    void withoutAPolicyEveryServiceIsAllowed() {
        assertTrue(GrpcAccessControl.isAllowed("Anything"));
        assertFalse(GrpcAccessControl.currentGrant().isPresent());
    }
}
