package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One {@code processAsync} call: the future handed to the caller and the task queued on the
 * node's threads. Cancelling the future takes a queued call out of the queue, and interrupts
 * the guest of a running one through its {@link CallWatchdog.Watch}, as a timeout would.
 */
final class AsyncCall extends CompletableFuture<byte[]> implements Runnable {
    private static final Object QUEUED = "queued";
    private static final Object FINISHED = "finished";
    private static final Object CANCELLED = "cancelled";

    private final long submittedNanos = System.nanoTime();
    private final Body body;
    private final Consumer<AsyncCall> dequeue;
    /** {@link #QUEUED}, the running call's watch, {@link #FINISHED} or {@link #CANCELLED}. */
    private final AtomicReference<Object> state = new AtomicReference<>(QUEUED);

    /** The guest call itself, run on a node thread. */
    interface Body {
        byte[] run(AsyncCall call);
    }

    /** @param dequeue removes this call from its queue when it is cancelled before running */
    AsyncCall(Body body, Consumer<AsyncCall> dequeue) {
        this.body = body;
        this.dequeue = dequeue;
    }

    /** When the caller asked for the call: its timeout counts from here. */
    long submittedNanos() {
        return submittedNanos;
    }

    /**
     * Marks the call running under {@code watch}; called on the node thread once it has entered
     * the instance, so an interrupt from now on reaches the guest.
     *
     * @throws CancellationException the call was cancelled meanwhile: do not run the guest
     */
    void started(CallWatchdog.Watch watch) {
        if (!state.compareAndSet(QUEUED, watch)) {
            throw new CancellationException("cancelled before the guest started");
        }
    }

    @Override
    public void run() {
        if (isDone()) {
            return;
        }
        try {
            complete(body.run(this));
        } catch (RuntimeException | Error e) {
            completeExceptionally(e);
        } finally {
            state.set(FINISHED);
        }
    }

    /**
     * Completes the future as cancelled; a queued call leaves the queue, and with
     * {@code mayInterruptIfRunning} a running guest is interrupted and its instance discarded.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Object previous = state.getAndUpdate(s -> s == FINISHED ? s : CANCELLED);
        if (previous == QUEUED) {
            dequeue.accept(this);
        } else if (previous instanceof CallWatchdog.Watch watch && mayInterruptIfRunning) {
            watch.interruptNow();
        }
        return cancelled;
    }
}
