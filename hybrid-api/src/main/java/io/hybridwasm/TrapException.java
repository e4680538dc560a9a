package io.hybridwasm;

/**
 * The guest trapped (unreachable, out-of-bounds access, stack overflow, division by zero) or a
 * host function failed in a way the guest could not be told with a status code. The instance
 * that trapped is discarded; the node stays usable.
 *
 * <p>A trap is not something a guest is told, so {@link #status()} is only the nearest ABI code
 * ({@link HostStatus#REMOTE_ERROR}); match on the exception type, not on the status.
 */
public class TrapException extends HybridException {
    private static final long serialVersionUID = 1L;

    public TrapException(String message) {
        super(HostStatus.REMOTE_ERROR, message);
    }

    public TrapException(String message, Throwable cause) {
        super(HostStatus.REMOTE_ERROR, message, cause);
    }
}
