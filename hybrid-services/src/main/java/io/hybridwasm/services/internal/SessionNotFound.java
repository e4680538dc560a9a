package io.hybridwasm.services.internal;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The server's answer to a call naming a session it does not have (unknown, expired, closed,
 * or opened before a restart): {@code NOT_FOUND} with a {@code google.rpc.ErrorInfo} (domain
 * {@value #DOMAIN}, reason {@value #REASON}) in the status details, so a client can tell "your
 * session is gone" from "no such service" without reading the description (docs/abi.md,
 * "Sessions", "On the wire").
 */
public final class SessionNotFound {
    /** The {@code ErrorInfo.domain} of {@code hybrid.v1} errors. */
    public static final String DOMAIN = "hybrid.v1";
    /** The {@code ErrorInfo.reason} of an unknown or expired session. */
    public static final String REASON = "SESSION_NOT_FOUND";

    private SessionNotFound() {
    }

    /** The failure for session {@code sessionId}. */
    public static StatusRuntimeException exception(String sessionId) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.NOT_FOUND_VALUE)
                .setMessage("unknown or expired session '" + sessionId + "'; open one with OpenSession")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setDomain(DOMAIN)
                        .setReason(REASON)
                        .putMetadata("session_id", sessionId)
                        .build()))
                .build());
    }
}
