package io.hybridwasm.bridge.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteSession;

/**
 * When a call that carries a session means the session's state is gone, reported as
 * {@link HostStatus#SESSION_EXPIRED} (docs/abi.md, "Sessions"): the server answered
 * {@code NOT_FOUND} marked as "no such session" ({@code google.rpc.ErrorInfo}, domain
 * {@value #DOMAIN}, reason {@value #REASON}), or the replica holding the session could not be
 * reached or is going away ({@link HostStatus#NETWORK_ERROR}: refused, reset, aborted by its
 * shutdown; or gRPC {@code UNAVAILABLE} from the replica: shutting down), since a replica keeps
 * its sessions in memory. Stateless.
 */
public final class SessionLoss {
    /** The {@code ErrorInfo.domain} of {@code hybrid.v1} errors. */
    public static final String DOMAIN = "hybrid.v1";
    /** The {@code ErrorInfo.reason} of an unknown or expired session. */
    public static final String REASON = "SESSION_NOT_FOUND";

    private SessionLoss() {
    }

    /**
     * {@code status}, marked as a lost session when the server said so in {@code trailers}, so that
     * {@link StatusTable} maps it to {@link HostStatus#SESSION_EXPIRED} where only the status travels
     * on (a stream's failure).
     */
    static Status mark(Status status, Metadata trailers) {
        return sessionNotFound(status, trailers) ? status.withCause(Lost.INSTANCE) : status;
    }

    /** Whether {@code status} was {@linkplain #mark marked} as a lost session. */
    static boolean marked(Status status) {
        return status.getCause() == Lost.INSTANCE;
    }

    /** Whether the server said it does not know the call's session. */
    static boolean sessionNotFound(Status status, Metadata trailers) {
        if (status.getCode() != Status.Code.NOT_FOUND || trailers == null) {
            return false;
        }
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        for (Any detail : details.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    ErrorInfo info = detail.unpack(ErrorInfo.class);
                    if (DOMAIN.equals(info.getDomain()) && REASON.equals(info.getReason())) {
                        return true;
                    }
                } catch (InvalidProtocolBufferException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * {@code failure} of a call in {@code session} as the caller must see it: a replica that
     * cannot be reached, or that is going away, takes the session's state with it, so
     * {@link HostStatus#NETWORK_ERROR} and a replica's gRPC {@code UNAVAILABLE} become
     * {@link HostStatus#SESSION_EXPIRED}; anything else is unchanged.
     */
    public static RemoteCallException judge(RemoteCallException failure, RemoteSession session) {
        if (failure.status() != HostStatus.NETWORK_ERROR && !replicaUnavailable(failure)) {
            return failure;
        }
        return new RemoteCallException(HostStatus.SESSION_EXPIRED, "session " + session.id() + " is lost: its replica "
                + session.target() + " cannot be reached and kept the session's state in memory ("
                + failure.getMessage() + "); open a new session", failure);
    }

    /**
     * Whether the replica itself answered "unavailable" (gRPC {@code UNAVAILABLE}: shutting down,
     * connection closing) or aborted the call: it is going away with its sessions. A refusal of
     * this host's own (circuit open, no in-flight slot) carries no gRPC status and keeps the session.
     */
    private static boolean replicaUnavailable(Throwable failure) {
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof StatusRuntimeException e) {
                return StatusTable.unavailable(e.getStatus(), false);
            }
        }
        return false;
    }

    /** The mark: carries no stack trace, it is never thrown. */
    private static final class Lost extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Lost INSTANCE = new Lost();

        private Lost() {
            super("the server does not know the session", null, false, false);
        }
    }
}
