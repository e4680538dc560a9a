package io.hybridwasm.bridge.internal;

import com.google.gson.JsonObject;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.HybridException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What {@code env.last_error} tells a guest about a failed call: a UTF-8 JSON object with the
 * ABI status, the message, and, when the remote side answered with a gRPC status, that status's
 * name, number and description. Built with gson so every string is escaped correctly. Stateless.
 */
public final class ErrorDetail {
    private ErrorDetail() {
    }

    /** {@code {"status":-9,"message":"...","grpc_status":"INVALID_ARGUMENT","grpc_code":3,"grpc_description":"..."}}. */
    public static byte[] of(HybridException failure) {
        JsonObject detail = new JsonObject();
        detail.addProperty("status", failure.status().code());
        detail.addProperty("message", String.valueOf(failure.getMessage()));
        grpcStatus(failure).ifPresent(status -> {
            detail.addProperty("grpc_status", status.getCode().name());
            detail.addProperty("grpc_code", status.getCode().value());
            if (status.getDescription() != null) {
                detail.addProperty("grpc_description", status.getDescription());
            }
        });
        return detail.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The gRPC status in the failure's causes, if the remote side (or gRPC) reported one. */
    static Optional<Status> grpcStatus(Throwable failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatusRuntimeException e) {
                return Optional.of(e.getStatus());
            }
            if (t instanceof StatusException e) {
                return Optional.of(e.getStatus());
            }
        }
        return Optional.empty();
    }
}
