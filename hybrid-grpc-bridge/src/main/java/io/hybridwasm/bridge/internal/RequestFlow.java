package io.hybridwasm.bridge.internal;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The request side of one client-streaming call, shared by {@link GrpcRemoteStream} and
 * {@link MethodStream}: each message waits until the transport is ready (flow control, so at
 * most one message beyond gRPC's ready threshold is queued in the client), and the end waits
 * for the server after half-closing. gRPC's callbacks ({@link #observer}) record the call's end
 * here and signal the waiting senders.
 *
 * <p>Threads: senders block on the lock's condition; callbacks run on the event loop and take
 * the lock only briefly. Nobody holds it while waiting.
 *
 * @param <T> the request message type
 */
final class RequestFlow<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestFlow.class);

    /** What a kind of stream throws once its call can take no more messages. */
    interface Refusals {
        /** The call failed with {@code failure}. */
        RuntimeException failed(Status failure);

        /** The call ended without failure: half-closed by this side ({@code byClient}) or ended by the server. */
        RuntimeException ended(boolean byClient);
    }

    private final String what;
    private final String unit;
    private final Refusals refusals;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ClientCallStreamObserver<T> requests;
    private Status failure;
    private boolean serverDone;
    private boolean halfClosed;
    private boolean failureReported;
    private long sent;

    /**
     * @param what names the stream in errors, e.g. {@code "stream to Echo"}
     * @param unit what one request is called in errors: {@code "chunk"}, {@code "message"}
     */
    RequestFlow(String what, String unit, Refusals refusals) {
        this.what = what;
        this.unit = unit;
        this.refusals = refusals;
    }

    /**
     * gRPC's callbacks for the call, on the event loop: they record the call's request side and
     * its end here and hand each response to {@code onResponse}, which must not block.
     */
    <R> ClientResponseObserver<T, R> observer(Consumer<R> onResponse) {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<T> requestStream) {
                requests = requestStream;
                requestStream.setOnReadyHandler(() -> signal(() -> { }));
            }

            @Override
            public void onNext(R response) {
                onResponse.accept(response);
            }

            @Override
            public void onError(Throwable t) {
                Status status = SessionLoss.mark(Status.fromThrowable(t), Status.trailersFromThrowable(t));
                LOG.debug("{} failed: {}", what, status);
                failed(status);
            }

            @Override
            public void onCompleted() {
                signal(() -> serverDone = true);
            }
        };
    }

    /** Queues one small message without waiting for readiness; the caller bounds its size. */
    void sendBeforeReady(T message) {
        requests.onNext(message);
    }

    /**
     * Hands {@code message} over once the transport is ready.
     *
     * @throws RemoteCallException {@link HostStatus#TIMEOUT} when it is not ready by {@code until};
     *                             whatever the {@link Refusals} say once the call has ended
     */
    void send(T message, Instant until) {
        lock.lock();
        try {
            long waitStart = 0;
            while (true) {
                throwIfUnusable();
                if (requests.isReady()) {
                    break;
                }
                waitStart = waitStart == 0 ? System.nanoTime() : waitStart;
                await(until, "the transport did not accept the " + unit + " before the deadline (flow control:"
                        + " the server consumes slower than " + unit + "s are sent)");
            }
            if (waitStart != 0) {
                BridgeMetrics.current().flowControlWaited(waitStart);
            }
            requests.onNext(message);
            sent++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Half-closes (once) and waits until {@code until} for the server to end the call; a failure
     * not yet reported is thrown. Past {@code until} the call is cancelled with {@code cancelReason}
     * and {@link HostStatus#TIMEOUT} thrown, naming {@code timeoutReason}; so it is when interrupted.
     */
    void finish(Instant until, String timeoutReason, String cancelReason) {
        lock.lock();
        try {
            if (!halfClosed) {
                halfClosed = true;
                if (failure == null && !serverDone) {
                    requests.onCompleted();
                }
            }
            while (failure == null && !serverDone) {
                try {
                    await(until, timeoutReason);
                } catch (RemoteCallException e) {
                    requests.cancel(cancelReason, null);
                    throw e;
                }
            }
            if (failure != null && !failureReported) {
                failureReported = true;
                throw refusals.failed(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records the call's failure (the first one counts) and wakes the senders. */
    void failed(Status status) {
        signal(() -> {
            if (failure == null) {
                failure = status;
            }
        });
    }

    /** Cancels the call from this side; gRPC then reports the failure. */
    void cancel(String reason) {
        requests.cancel(reason, null);
    }

    /** Runs {@code update} of state kept under this flow's lock and wakes the senders. */
    void signal(Runnable update) {
        lock.lock();
        try {
            update.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reads state kept under this flow's lock. */
    <R> R locked(Supplier<R> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    boolean isOpen() {
        return locked(() -> failure == null && !serverDone && !halfClosed);
    }

    long sent() {
        return locked(() -> sent);
    }

    private void throwIfUnusable() {
        if (failure != null) {
            failureReported = true;
            throw refusals.failed(failure);
        }
        if (halfClosed || serverDone) {
            throw refusals.ended(halfClosed);
        }
    }

    private void await(Instant until, String timeoutReason) {
        long nanos = Duration.between(Instant.now(), until).toNanos();
        if (nanos <= 0) {
            throw new RemoteCallException(HostStatus.TIMEOUT, what + ": " + timeoutReason);
        }
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(HostStatus.TIMEOUT, what + ": interrupted", e);
        }
    }
}
