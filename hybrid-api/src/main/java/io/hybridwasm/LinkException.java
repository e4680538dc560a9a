package io.hybridwasm;

/**
 * The module imports something no {@link io.hybridwasm.spi.HostFunctionProvider} provides, or
 * provides with another signature. The message names the import and the signature expected.
 */
public class LinkException extends HybridException {
    private static final long serialVersionUID = 1L;

    public LinkException(String message) {
        super(HostStatus.INVALID_ARGUMENT, message);
    }

    public LinkException(String message, Throwable cause) {
        super(HostStatus.INVALID_ARGUMENT, message, cause);
    }
}
