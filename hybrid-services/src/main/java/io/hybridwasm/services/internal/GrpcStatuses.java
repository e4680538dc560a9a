package io.hybridwasm.services.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.services.spi.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from service failures to gRPC statuses. A {@link ServiceException}'s kind
 * picks the code and its message becomes the description; anything else a service throws is
 * a bug there, logged in full here and reported as INTERNAL without internals.
 */
final class GrpcStatuses {

    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    /** The status to end a call to {@code service} with, for {@code failure}. */
    static StatusRuntimeException of(RuntimeException failure, String service) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof ServiceException e) {
            Status code = switch (e.kind()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case INTERNAL -> Status.INTERNAL;
            };
            if (e.kind() == ServiceException.Kind.INTERNAL) {
                log.warn("Service '{}' failed: {}", service, e.getMessage(), e.getCause());
            }
            return code.withDescription(service + ": " + e.getMessage()).withCause(e).asRuntimeException();
        }
        log.error("Service '{}' threw unexpectedly", service, failure);
        return Status.INTERNAL.withDescription(service + ": unexpected " + failure.getClass().getSimpleName())
                .withCause(failure).asRuntimeException();
    }
}
