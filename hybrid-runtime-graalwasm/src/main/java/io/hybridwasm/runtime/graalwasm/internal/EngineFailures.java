package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.TrapException;
import org.graalvm.polyglot.PolyglotException;

import java.time.Duration;

/** Turns what the engine throws into Hybrid's exceptions, keeping the original as cause. */
final class EngineFailures {

    private EngineFailures() {
    }

    /**
     * Whether {@code failure} is the guest's own trap (unreachable, out-of-bounds access, ...)
     * rather than the effect of an interrupt: when the watchdog fires while such a trap is already
     * on its way out, the trap is what happened and is reported, not a timeout.
     */
    static boolean trappedOnItsOwn(RuntimeException failure) {
        return failure instanceof PolyglotException e && e.isGuestException() && !e.isInterrupted()
                && !e.isCancelled() && !e.isHostException() && !e.isInternalError();
    }

    /** A failure of a call to {@code function}; {@link HybridException}s pass through unchanged. */
    static HybridException ofCall(RuntimeException failure, String function, Duration timeout) {
        if (failure instanceof HybridException hybrid) {
            return hybrid;
        }
        if (!(failure instanceof PolyglotException e)) {
            return new TrapException("guest call to '" + function + "' failed: " + failure, failure);
        }
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            if (host instanceof HostFunctionFailure hostFailure) {
                return new TrapException("guest trapped in '" + function + "': " + hostFailure.getMessage(),
                        hostFailure.getCause());
            }
            return new TrapException("guest trapped in '" + function + "': host code failed: " + host, host);
        }
        if (e.isInterrupted()) {
            return new CallTimeoutException("guest call to '" + function + "' was interrupted", timeout, e);
        }
        if (e.isCancelled()) {
            return new HybridException(HostStatus.SERVICE_UNAVAILABLE,
                    "guest call to '" + function + "' was cancelled: the runtime is closing", e);
        }
        if (e.isInternalError()) {
            return new TrapException("GraalWasm failed internally in '" + function + "': " + e.getMessage(), e);
        }
        return new TrapException("guest trapped in '" + function + "': " + e.getMessage(), e);
    }
}
