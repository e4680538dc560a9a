package io.hybridwasm;

/**
 * The module could not be loaded: malformed or invalid bytes, an unsupported ABI version, a
 * memory declaration beyond the configured limit, or a missing export the ABI requires. Also
 * thrown by {@link WasmNode#process} when a replacement instance fails to start.
 */
public class ModuleLoadException extends HybridException {
    private static final long serialVersionUID = 1L;

    public ModuleLoadException(String message) {
        super(HostStatus.INVALID_ARGUMENT, message);
    }

    public ModuleLoadException(String message, Throwable cause) {
        super(HostStatus.INVALID_ARGUMENT, message, cause);
    }
}
