package io.hybridwasm.services.internal;

import io.grpc.Context;
import io.hybridwasm.services.spi.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Cancellation} backed by a gRPC call's {@link Context}, which is cancelled when the
 * client cancels, the deadline passes, or the server shuts down forcibly.
 */
final class ContextCancellation implements Cancellation {

    private final Context context;

    private ContextCancellation(Context context) {
        this.context = context;
    }

    /** The cancellation of the call running on this thread. */
    static Cancellation current() {
        return new ContextCancellation(Context.current());
    }

    @Override
    public boolean isCancelled() {
        return context.isCancelled();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (context.isCancelled()) {
            return true;
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        Context.CancellationListener listener = c -> cancelled.countDown();
        context.addListener(listener, Runnable::run);
        try {
            return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            context.removeListener(listener);
        }
    }
}
