package io.hybridwasm;

/**
 * A remote call failed. {@link #status()} is the ABI code the guest would have seen: network
 * error, unavailable, unknown service, timeout, unauthenticated, remote error, too large, or
 * not allowed.
 */
public class RemoteCallException extends HybridException {
    private static final long serialVersionUID = 1L;

    public RemoteCallException(HostStatus status, String message) {
        super(status, message);
    }

    public RemoteCallException(HostStatus status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
