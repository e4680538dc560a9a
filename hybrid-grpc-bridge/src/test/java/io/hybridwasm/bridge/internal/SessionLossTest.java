package io.hybridwasm.bridge.internal;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteSession;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SessionLossTest {
    private static final RemoteSession SESSION = new RemoteSession("abc", "static://a:1/127.0.0.1:1");

    private static StatusRuntimeException notFound(String domain, String reason) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.NOT_FOUND_VALUE).setMessage("unknown or expired session 'abc'")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setDomain(domain).setReason(reason).build())).build());
    }

    @Test
    void aNotFoundMarkedAsSessionNotFoundIsSessionExpiredOtherwiseUnknownService() {
        assertEquals(HostStatus.SESSION_EXPIRED,
                StatusTable.toException(notFound("hybrid.v1", "SESSION_NOT_FOUND"), null, "call").status());
        assertEquals(HostStatus.UNKNOWN_SERVICE,
                StatusTable.toException(notFound("other.domain", "SESSION_NOT_FOUND"), null, "call").status());
        assertEquals(HostStatus.UNKNOWN_SERVICE,
                StatusTable.toException(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException(),
                        null, "call").status());
    }

    @Test
    void aStreamsFailureKeepsTheMarkThroughItsStatusAlone() {
        StatusRuntimeException e = notFound("hybrid.v1", "SESSION_NOT_FOUND");
        Status marked = SessionLoss.mark(e.getStatus(), e.getTrailers());
        assertEquals(HostStatus.SESSION_EXPIRED, StatusTable.toException(marked, false, "stream", null).status());
    }

    @Test
    void anUnreachableReplicaLosesTheSessionOtherFailuresKeepIt() {
        RemoteCallException refused = new RemoteCallException(HostStatus.NETWORK_ERROR, "connection refused");
        assertEquals(HostStatus.SESSION_EXPIRED, SessionLoss.judge(refused, SESSION).status());
        RemoteCallException slow = new RemoteCallException(HostStatus.TIMEOUT, "deadline");
        assertSame(slow, SessionLoss.judge(slow, SESSION));
        RemoteCallException circuitOpen = new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "circuit open");
        assertSame(circuitOpen, SessionLoss.judge(circuitOpen, SESSION));
        RemoteCallException overloaded = StatusTable.toException(
                Status.RESOURCE_EXHAUSTED.withDescription("server full").asRuntimeException(), null, "call");
        assertSame(overloaded, SessionLoss.judge(overloaded, SESSION));
        RemoteCallException goingAway = StatusTable.toException(
                Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException(), null, "call");
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, goingAway.status());
        assertEquals(HostStatus.SESSION_EXPIRED, SessionLoss.judge(goingAway, SESSION).status());
    }
}
