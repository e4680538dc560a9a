package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.RemoteCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one unary rpc on a pooled channel: each attempt admitted by the endpoint's
 * {@link EndpointGuard} (circuit breaker, in-flight bound) and judged for it, retried by the
 * {@link RetryRule}, and any final gRPC failure turned into a {@link RemoteCallException}
 * through the {@link StatusTable}. Stateless.
 *
 * <p>Retries: only when the endpoint was {@linkplain StatusTable#unavailable unavailable}, only
 * if the rule's idempotency check agrees, at most {@code maxAttempts} attempts in all, each after
 * a full-jitter backoff, and never past the call's deadline, which all attempts share: a retry
 * whose delay would leave it less than {@link #RETRY_ROOM_NANOS} before the deadline is not made
 * and the last failure is reported (an attempt with no time left would only turn that failure
 * into a timeout). Under {@code round_robin} each attempt picks the next ready replica, so a
 * retry after a replica died lands on a live one.
 *
 * <p>Why not gRPC's own retry policy: it is configured per gRPC method in the service config,
 * and every Hybrid service is the same method ({@code Execute}), so it cannot retry an
 * idempotent service and leave a non-idempotent one alone. gRPC's transparent retries (a call
 * the server never saw, e.g. refused after a GOAWAY) stay on; they are always safe.
 *
 * <p>Blocks the calling thread until the answer, the failure or the deadline. gRPC's blocking
 * stub runs the call's callbacks on the calling thread itself, so the result is deserialized
 * there and never waits for another pool. Backoff sleeps on the calling thread too.
 */
public final class UnaryCalls {
    /** Room for the response envelope (encoding, metadata) around a payload of the maximum size. */
    public static final int ENVELOPE_SLACK = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(UnaryCalls.class);
    /** The least time a retry must have left after its backoff: a round trip, with a sleep's overshoot. */
    static final long RETRY_ROOM_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private UnaryCalls() {
    }

    /**
     * @param guard      the endpoint's guard, from {@link PooledChannel#guard}
     * @param retry      whether and how failed attempts are repeated
     * @param request    the request, built once an attempt is admitted (so any lookup it needs,
     *                   such as the service listing, waits for the circuit and a slot too)
     * @param maxPayload largest payload the caller accepts; the inbound limit adds {@link #ENVELOPE_SLACK}
     * @param what       names the call in error messages, e.g. {@code "call to Echo at 10.0.0.1:50051"}
     */
    public static <Q, R> R run(PooledChannel channel, EndpointGuard guard, RetryRule retry,
                               MethodDescriptor<Q, R> method, Supplier<Q> request, Deadline deadline, int maxPayload,
                               String what) {
        return run(channel, guard, retry, method, request, deadline, maxPayload, what, null);
    }

    /** {@link #run} with {@code observer} (may be null) told of each attempt's stream, e.g. which replica took it. */
    public static <Q, R> R run(PooledChannel channel, EndpointGuard guard, RetryRule retry,
                               MethodDescriptor<Q, R> method, Supplier<Q> request, Deadline deadline, int maxPayload,
                               String what, ClientStreamTracer.Factory observer) {
        Q built = null;
        for (int attempt = 1; ; attempt++) {
            StatusRuntimeException failure;
            try (EndpointGuard.Attempt admitted = guard.admit(deadline, what)) {
                if (built == null) {
                    built = request.get();
                }
                RequestSent sent = new RequestSent();
                try {
                    CallOptions options = channel.unaryOptions(deadline, inboundLimit(maxPayload))
                            .withStreamTracerFactory(sent);
                    R response = ClientCalls.blockingUnaryCall(channel.channel(), method,
                            observer == null ? options : options.withStreamTracerFactory(observer), built);
                    admitted.answered();
                    return response;
                } catch (StatusRuntimeException e) {
                    judge(admitted, e.getStatus(), deadline.isExpired(), sent.sent());
                    failure = e;
                }
            }
            if (!retryDue(retry, attempt, failure.getStatus(), deadline, what)) {
                throw StatusTable.toException(failure, deadline, what);
            }
            BridgeMetrics.current().retry(method.getFullMethodName());
        }
    }

    /** gRPC's inbound limit for payloads of at most {@code maxPayload} bytes: room for the envelope added. */
    public static int inboundLimit(int maxPayload) {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxPayload + ENVELOPE_SLACK);
    }

    /**
     * Reports one failed attempt to the endpoint's breaker. A deadline that passed after the
     * request reached the endpoint ({@code requestSent}) is the caller's hurry, not the
     * endpoint's failure: no verdict, so one guest's tight timeout cannot open the circuit that
     * every caller of the endpoint shares.
     */
    static void judge(EndpointGuard.Attempt attempt, Status status, boolean deadlinePassed, boolean requestSent) {
        if (StatusTable.endpointFailure(status, deadlinePassed, requestSent)) {
            attempt.failed();
        } else if (status.getCode() != Status.Code.CANCELLED) {
            attempt.answered();
        }
        // CANCELLED otherwise: cancelled on this side (interrupt), no verdict on the endpoint.
    }

    /** Whether to make attempt {@code attempt + 1}; sleeps its backoff first when so. */
    private static boolean retryDue(RetryRule retry, int attempt, Status status, Deadline deadline, String what) {
        if (attempt >= retry.maxAttempts() || !StatusTable.unavailable(status, deadline.isExpired())
                || !retry.idempotent().getAsBoolean()) {
            return false;
        }
        long delay = retry.backoff().delayNanos(attempt, ThreadLocalRandom.current());
        if (delay + RETRY_ROOM_NANOS >= deadline.timeRemaining(TimeUnit.NANOSECONDS)) {
            LOG.debug("{} not retried: a backoff of {} µs would leave the attempt too little of its deadline", what,
                    delay / 1_000);
            return false;
        }
        LOG.debug("{} failed with {}; attempt {} of {} in {} µs", what, status.getCode(), attempt + 1,
                retry.maxAttempts(), delay / 1_000);
        HostCallSpans.retrying(attempt);
        try {
            TimeUnit.NANOSECONDS.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
