package io.hybridwasm.runtime.graalwasm.internal;

/**
 * Thrown through the engine to trap the guest when a host function fails in a way its return
 * value cannot express. Carries the original exception as cause, so the node can report it in
 * a {@link io.hybridwasm.TrapException}.
 */
final class HostFunctionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;

    HostFunctionFailure(String function, Throwable cause) {
        super("host function " + function + " failed: " + cause, cause, false, false);
        this.function = function;
    }

    String function() {
        return function;
    }
}
