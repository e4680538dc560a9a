package io.hybridwasm;

import java.util.Objects;

/**
 * Root of every failure Hybrid reports. Unchecked; each phase has its own subclass
 * ({@link ModuleLoadException}, {@link LinkException}, {@link TrapException},
 * {@link CallTimeoutException}, {@link GuestStatusException}, {@link RemoteCallException}).
 *
 * <p>Every exception carries the ABI {@link HostStatus} a guest would see for the same
 * failure, so host functions can turn any {@code HybridException} into a return code. Engine
 * and transport exceptions are kept as the cause, never rethrown raw.
 */
public class HybridException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HostStatus status;

    public HybridException(HostStatus status, String message) {
        this(status, message, null);
    }

    public HybridException(HostStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The ABI status a guest sees for this failure. */
    public HostStatus status() {
        return status;
    }
}
