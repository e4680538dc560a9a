package io.hybridwasm.services.spi;

import java.time.Duration;

/**
 * Tells a running service whether its caller still wants the answer: the call is cancelled
 * when the client cancels it, its deadline passes, or the server stops forcibly.
 *
 * <p>Long-running services should check {@link #isCancelled()} between steps, or wait with
 * {@link #await(Duration)} instead of {@link Thread#sleep}, and give up early. Thread-safe.
 */
public interface Cancellation {

    /** A cancellation that never happens, for calls made outside a server (e.g. in tests). */
    Cancellation NEVER = new Cancellation() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            Thread.sleep(timeout);
            return false;
        }
    };

    /** Whether the call has been cancelled. */
    boolean isCancelled();

    /**
     * Blocks until the call is cancelled or {@code timeout} has passed, whichever is first.
     *
     * @return {@code true} when the call was cancelled, {@code false} when the time ran out
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;
}
