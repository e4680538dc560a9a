package io.hybridwasm;

import java.time.Duration;

/**
 * A call did not finish within its timeout: the guest was interrupted (an endless loop, say)
 * or no instance became free in time. The interrupted instance is discarded and the node
 * serves the next call with a fresh one.
 */
public class CallTimeoutException extends HybridException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public CallTimeoutException(String message, Duration timeout, Throwable cause) {
        super(HostStatus.TIMEOUT, message, cause);
        this.timeout = timeout;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
