package io.hybridwasm.services.spi;

import java.util.Objects;

/**
 * A failure a {@link HostedService} reports to its caller, with a {@link Kind} saying whose
 * fault it is. The server turns the kind into the gRPC status of the call and the message
 * into its description, so the message should help the caller and never carry secrets.
 *
 * <p>Unchecked, so that {@link HostedService#execute} stays a plain function.
 */
public final class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whose fault a failure is; each kind maps to exactly one gRPC status code. */
    public enum Kind {
        /** The service cannot read the payload or config (gRPC INVALID_ARGUMENT). */
        INVALID_ARGUMENT,
        /**
         * The call is well formed but not possible in the current state, e.g. it needs a
         * session and has none (gRPC FAILED_PRECONDITION).
         */
        FAILED_PRECONDITION,
        /** The service itself failed (gRPC INTERNAL). */
        INTERNAL
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind whose fault the failure is
     * @param message what went wrong, for the caller
     * @param cause the underlying exception, or {@code null}
     */
    public ServiceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Creates an exception without a cause. */
    public ServiceException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** The payload or config cannot be read. */
    public static ServiceException invalidArgument(String message) {
        return new ServiceException(Kind.INVALID_ARGUMENT, message);
    }

    /** The call is not possible in the current state. */
    public static ServiceException failedPrecondition(String message) {
        return new ServiceException(Kind.FAILED_PRECONDITION, message);
    }

    /** The service failed; {@code cause} may be {@code null}. */
    public static ServiceException internal(String message, Throwable cause) {
        return new ServiceException(Kind.INTERNAL, message, cause);
    }

    /** Whose fault the failure is. */
    public Kind kind() {
        return kind;
    }
}
