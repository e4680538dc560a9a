package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one table from gRPC status codes to ABI status codes. Every remote failure a guest or a
 * Java caller sees goes through {@link #hostStatus}; the {@code switch} has no default, so a
 * gRPC code added later fails compilation here instead of mapping silently.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusTable {
    /** TLS alerts (RFC 8446 6.2) by which a server refuses the client's certificate. */
    private static final Set<String> CERTIFICATE_ALERTS = Set.of("bad_certificate", "unsupported_certificate",
            "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied",
            "certificate_required");

    private StatusTable() {
    }

    /**
     * The ABI status for a failed gRPC call.
     *
     * @param status         what gRPC reported
     * @param deadlinePassed whether the call's deadline had passed when it failed; decides
     *                       whether {@code CANCELLED} is a timeout or a remote error
     */
    public static HostStatus hostStatus(Status status, boolean deadlinePassed) {
        return switch (status.getCode()) {
            case OK -> HostStatus.OK;
            case UNAVAILABLE -> certificateRefused(status) ? HostStatus.UNAUTHENTICATED
                    : transportFailed(status) ? HostStatus.NETWORK_ERROR : HostStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HostStatus.TIMEOUT;
            case CANCELLED -> deadlinePassed ? HostStatus.TIMEOUT
                    : abortedByServer(status) ? HostStatus.NETWORK_ERROR : HostStatus.REMOTE_ERROR;
            case UNAUTHENTICATED, PERMISSION_DENIED -> HostStatus.UNAUTHENTICATED;
            case NOT_FOUND -> HostStatus.UNKNOWN_SERVICE;
            case RESOURCE_EXHAUSTED -> aboutMessageSize(status) ? HostStatus.TOO_LARGE : HostStatus.SERVICE_UNAVAILABLE;
            case INVALID_ARGUMENT, INTERNAL, UNKNOWN, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED, OUT_OF_RANGE,
                 UNIMPLEMENTED, DATA_LOSS -> HostStatus.REMOTE_ERROR;
        };
    }

    /**
     * The ABI status for a failed call of a gRPC method by name: {@link #hostStatus}, except
     * that {@code UNIMPLEMENTED} (gRPC's "unknown method") is {@link HostStatus#UNKNOWN_SERVICE}
     * and {@code NOT_FOUND} is {@link HostStatus#REMOTE_ERROR}: an existing service answers
     * {@code NOT_FOUND} about its own data ("no such item"), not about itself.
     */
    public static HostStatus methodStatus(Status status, boolean deadlinePassed) {
        return switch (status.getCode()) {
            case UNIMPLEMENTED -> HostStatus.UNKNOWN_SERVICE;
            case NOT_FOUND -> HostStatus.REMOTE_ERROR;
            default -> hostStatus(status, deadlinePassed);
        };
    }

    /** {@link #methodStatus} wrapped in the exception callers see; {@code what} names the call. */
    public static RemoteCallException toMethodException(Status status, boolean deadlinePassed, String what,
                                                        Throwable cause) {
        return exception(methodStatus(status, deadlinePassed), status, what, cause);
    }

    /**
     * {@link #hostStatus} wrapped in the exception callers see; {@code what} names the call. A
     * {@code NOT_FOUND} the server marked as "no such session" is {@link HostStatus#SESSION_EXPIRED}
     * ({@link SessionLoss}).
     */
    public static RemoteCallException toException(StatusRuntimeException e, Deadline deadline, String what) {
        return toException(SessionLoss.mark(e.getStatus(), e.getTrailers()), deadline != null && deadline.isExpired(),
                what, e);
    }

    /** {@link #hostStatus} wrapped in the exception callers see; {@code what} names the call. */
    public static RemoteCallException toException(Status status, boolean deadlinePassed, String what, Throwable cause) {
        return exception(SessionLoss.marked(status) ? HostStatus.SESSION_EXPIRED : hostStatus(status, deadlinePassed),
                status, what, cause);
    }

    private static RemoteCallException exception(HostStatus mapped, Status status, String what, Throwable cause) {
        String description = status.getDescription();
        return new RemoteCallException(mapped, what + " failed (" + mapped + "): gRPC " + status.getCode()
                + (description == null ? "" : ": " + description), cause);
    }

    /**
     * Whether the endpoint was unavailable for this call, as opposed to having answered it: gRPC
     * {@code UNAVAILABLE} (refused, reset, no ready replica, draining), or the call aborted by the
     * server's transport before the deadline ({@link #abortedByServer}). Only these are retried,
     * and only for idempotent services; the circuit breaker counts them (and timeouts while
     * connecting) as failures. Retrying the second kind is a deliberate, narrow extension of "UNAVAILABLE only":
     * it is what a call in flight on a replica that is stopped sees, and without it such a call
     * would be lost. When it is not retried, or the retries fail the same way, the guest sees
     * {@code -1} NETWORK_ERROR: the ABI's "connection reset".
     */
    public static boolean unavailable(Status status, boolean deadlinePassed) {
        return status.getCode() == Status.Code.UNAVAILABLE
                || (status.getCode() == Status.Code.CANCELLED && !deadlinePassed && abortedByServer(status));
    }

    /**
     * What an endpoint's circuit breaker counts as a failure: {@link #unavailable}, or the
     * deadline passed before the request reached the endpoint (still connecting). Remote errors
     * (the server answered, e.g. {@code INTERNAL}, {@code NOT_FOUND}) are not failures of the
     * endpoint, and neither is a deadline that passed while the endpoint, having taken the
     * request ({@code requestSent}), was still working on it: that is the caller's deadline
     * being shorter than the work, and one caller's hurry must not open the circuit every
     * caller shares. (An endpoint that stops answering on an open connection is found by
     * keepalive, which fails its calls UNAVAILABLE.)
     */
    public static boolean endpointFailure(Status status, boolean deadlinePassed, boolean requestSent) {
        boolean timedOut = status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || (status.getCode() == Status.Code.CANCELLED && deadlinePassed);
        return unavailable(status, deadlinePassed) || (timedOut && !requestSent);
    }

    /**
     * A call the server's transport reset ({@code RST_STREAM}), which grpc-java reports as
     * {@code CANCELLED}: what a client sees when a server is stopped forcibly (shutdown grace
     * over, connection age limit) with the call in flight. The server never answered it, so it
     * is a form of unavailability. A cancellation by this client (interrupt) or one the server
     * sends as a status carries other descriptions.
     */
    static boolean abortedByServer(Status status) {
        return status.getCode() == Status.Code.CANCELLED && status.getDescription() != null
                && status.getDescription().startsWith("RST_STREAM closed stream");
    }

    /**
     * The server refused this client's certificate (or its absence) in the TLS handshake: a fatal
     * alert about the certificate received from the server. JSSE words it
     * {@code "(certificate_required) Received fatal alert: certificate_required"}; an alert this
     * client sent (it did not trust the server) is not "received".
     */
    static boolean certificateRefused(Status status) {
        for (Throwable t = status.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null && t.getMessage().contains("Received fatal alert")) {
                String alert = t.getMessage().substring(t.getMessage().lastIndexOf(':') + 1).strip();
                if (CERTIFICATE_ALERTS.contains(alert)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Connection refused, reset or closed under the call, a host name that does not resolve, or a
     * TLS handshake that failed (e.g. this client does not trust the server's certificate): the
     * transport itself failed, as opposed to a server that answered "unavailable" (draining,
     * overloaded). grpc-netty words a connection that closed with streams open and no cause
     * "Network closed for unknown reason" (what a call sees when the server process stops), and
     * one the server closed before HTTP/2 was set up "Connection closed (or closing) while
     * performing protocol negotiation" (a retry that reached a server already shutting down).
     */
    static boolean transportFailed(Status status) {
        for (Throwable t = status.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof PortUnreachableException
                    || t instanceof ClosedChannelException || t instanceof SSLHandshakeException) {
                return true;
            }
            // Netty's native transports report resets as plain IOExceptions ("Connection reset by peer").
            if (t instanceof IOException && mentionsConnectionFailure(t.getMessage())) {
                return true;
            }
        }
        return mentionsConnectionFailure(status.getDescription())
                || contains(status.getDescription(), "unable to resolve host")
                || contains(status.getDescription(), "network closed")
                || contains(status.getDescription(), "while performing protocol negotiation");
    }

    private static boolean mentionsConnectionFailure(String text) {
        return contains(text, "connection refused") || contains(text, "connection reset");
    }

    /** gRPC's own wording when a message is over a size limit, on either side. */
    static boolean aboutMessageSize(Status status) {
        String d = status.getDescription();
        return contains(d, "exceeds maximum") || contains(d, "too large") || contains(d, "larger than max")
                || contains(d, "message size");
    }

    private static boolean contains(String text, String needle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }
}
