package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.grpc.Status;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusTableTest {

    /** The table as the issue states it, for a status with no cause and no telling description. */
    private static final Map<Status.Code, HostStatus> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(Status.Code.OK, HostStatus.OK),
            Map.entry(Status.Code.CANCELLED, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.UNKNOWN, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.INVALID_ARGUMENT, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.DEADLINE_EXCEEDED, HostStatus.TIMEOUT),
            Map.entry(Status.Code.NOT_FOUND, HostStatus.UNKNOWN_SERVICE),
            Map.entry(Status.Code.ALREADY_EXISTS, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.PERMISSION_DENIED, HostStatus.UNAUTHENTICATED),
            Map.entry(Status.Code.RESOURCE_EXHAUSTED, HostStatus.SERVICE_UNAVAILABLE),
            Map.entry(Status.Code.FAILED_PRECONDITION, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.ABORTED, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.OUT_OF_RANGE, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.UNIMPLEMENTED, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.INTERNAL, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.UNAVAILABLE, HostStatus.SERVICE_UNAVAILABLE),
            Map.entry(Status.Code.DATA_LOSS, HostStatus.REMOTE_ERROR),
            Map.entry(Status.Code.UNAUTHENTICATED, HostStatus.UNAUTHENTICATED)));

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    void everyGrpcCodeHasItsRow(Status.Code code) {
        assertEquals(EXPECTED.get(code), StatusTable.hostStatus(code.toStatus().withDescription("x"), false), code.name());
    }

    @Test
    void methodsCalledByNameReadUnimplementedAsUnknownAndNotFoundAsTheApplicationsAnswer() {
        assertEquals(HostStatus.UNKNOWN_SERVICE, StatusTable.methodStatus(Status.UNIMPLEMENTED, false));
        assertEquals(HostStatus.REMOTE_ERROR, StatusTable.methodStatus(Status.NOT_FOUND, false));
        for (Status.Code code : Status.Code.values()) {
            if (code != Status.Code.UNIMPLEMENTED && code != Status.Code.NOT_FOUND) {
                assertEquals(StatusTable.hostStatus(code.toStatus(), false), StatusTable.methodStatus(code.toStatus(), false),
                        code.name());
            }
        }
    }

    @Test
    void theExpectationCoversEveryCode() {
        assertEquals(Status.Code.values().length, EXPECTED.size());
    }

    @Test
    void unavailableBecauseTheConnectionWasRefusedIsANetworkError() {
        Status status = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new IOException("wrapped", new ConnectException("Connection refused: /127.0.0.1:1")));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(status, false));
    }

    @Test
    void unavailableBecauseTheConnectionWasResetIsANetworkError() {
        Status status = Status.UNAVAILABLE.withCause(new IOException("recvAddress(..) failed: Connection reset by peer"));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(status, false));
    }

    /** grpc-netty's status for streams open when the connection closed without a known cause. */
    @Test
    void unavailableBecauseTheConnectionClosedUnderTheCallIsANetworkError() {
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(
                Status.UNAVAILABLE.withDescription("Network closed for unknown reason"), false));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(Status.UNAVAILABLE.withDescription(
                "Connection closing while performing protocol negotiation for [NettyClientHandler#0]"), false));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(Status.UNAVAILABLE.withDescription(
                "Connection closed while performing protocol negotiation for [NettyClientHandler#0]"), false));
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, StatusTable.hostStatus(
                Status.UNAVAILABLE.withDescription("server is draining"), false));
    }

    @Test
    void unavailableBecauseTheHostDoesNotResolveIsANetworkError() {
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(
                Status.UNAVAILABLE.withCause(new UnknownHostException("nowhere.invalid")), false));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(
                Status.UNAVAILABLE.withDescription("Unable to resolve host nowhere.invalid"), false));
    }

    @Test
    void aServerRefusingTheClientCertificateIsUnauthenticated() {
        Status refused = Status.UNAVAILABLE.withDescription("ssl exception").withCause(new IOException("decoder",
                new SSLHandshakeException("(certificate_required) Received fatal alert: certificate_required")));
        assertEquals(HostStatus.UNAUTHENTICATED, StatusTable.hostStatus(refused, false));
        Status otherAlert = Status.UNAVAILABLE.withCause(
                new SSLHandshakeException("(handshake_failure) Received fatal alert: handshake_failure"));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(otherAlert, false), "no common cipher: transport");
    }

    @Test
    void notTrustingTheServerCertificateIsANetworkError() {
        Status untrusted = Status.UNAVAILABLE.withDescription("io exception").withCause(new SSLHandshakeException(
                "(certificate_unknown) PKIX path building failed: unable to find valid certification path"));
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(untrusted, false));
    }

    @Test
    void unavailableFromAServerThatAnsweredIsServiceUnavailable() {
        assertEquals(HostStatus.SERVICE_UNAVAILABLE,
                StatusTable.hostStatus(Status.UNAVAILABLE.withDescription("server is draining"), false));
    }

    @Test
    void resourceExhaustedAboutMessageSizeIsTooLarge() {
        assertEquals(HostStatus.TOO_LARGE, StatusTable.hostStatus(Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 4194304: 5000000"), false));
        assertEquals(HostStatus.TOO_LARGE, StatusTable.hostStatus(Status.RESOURCE_EXHAUSTED
                .withDescription("message too large 5000000 > 4194304"), false));
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, StatusTable.hostStatus(Status.RESOURCE_EXHAUSTED
                .withDescription("quota exceeded"), false));
    }

    @Test
    void cancelledIsATimeoutOnlyWhenTheDeadlinePassed() {
        assertEquals(HostStatus.TIMEOUT, StatusTable.hostStatus(Status.CANCELLED, true));
        assertEquals(HostStatus.REMOTE_ERROR, StatusTable.hostStatus(Status.CANCELLED, false));
    }

    @Test
    void aCallTheServersTransportResetCountsAsUnavailableAndIsANetworkError() {
        Status reset = Status.CANCELLED.withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL");
        assertEquals(HostStatus.NETWORK_ERROR, StatusTable.hostStatus(reset, false));
        assertEquals(HostStatus.REMOTE_ERROR, StatusTable.hostStatus(Status.CANCELLED.withDescription("Thread interrupted"), false));
        assertEquals(HostStatus.TIMEOUT, StatusTable.hostStatus(reset, true));
        assertTrue(StatusTable.unavailable(reset, false));
        assertTrue(!StatusTable.unavailable(Status.CANCELLED.withDescription("Thread interrupted"), false));
    }

    @Test
    void onlyUnavailabilityIsRetriableAndOnlyItAndTimeoutsWhileConnectingCountAgainstTheCircuit() {
        for (Status.Code code : Status.Code.values()) {
            Status status = code.toStatus();
            assertEquals(code == Status.Code.UNAVAILABLE, StatusTable.unavailable(status, false), code.name());
            assertEquals(code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED,
                    StatusTable.endpointFailure(status, false, false), code.name());
            assertEquals(code == Status.Code.UNAVAILABLE, StatusTable.endpointFailure(status, false, true),
                    code.name() + " after the endpoint took the request");
        }
        assertTrue(StatusTable.endpointFailure(Status.CANCELLED, true, false), "cancelled by the deadline while connecting");
        assertFalse(StatusTable.endpointFailure(Status.CANCELLED, true, true),
                "cancelled by the caller's deadline while the endpoint worked");
        assertTrue(StatusTable.unavailable(Status.UNAVAILABLE.withCause(new ConnectException("refused")), false),
                "the network-error flavour of UNAVAILABLE too");
    }

    @Test
    void theExceptionCarriesTheMappedStatusTheGrpcCodeAndTheCause() {
        var grpc = Status.NOT_FOUND.withDescription("unknown service 'X'").asRuntimeException();
        RemoteCallException e = StatusTable.toException(grpc, Deadline.after(1, TimeUnit.SECONDS), "call to X");
        assertEquals(HostStatus.UNKNOWN_SERVICE, e.status());
        assertTrue(e.getMessage().contains("call to X") && e.getMessage().contains("NOT_FOUND")
                && e.getMessage().contains("unknown service 'X'"), e.getMessage());
        assertSame(grpc, e.getCause());
    }
}
