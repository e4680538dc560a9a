package io.hybridwasm.services.internal;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request that does not parse as its protobuf message with INVALID_ARGUMENT, logged
 * at most once per method per interval with the count since the last line. Without it,
 * grpc-java's parser throws inside the call, the client gets UNKNOWN and the server logs a
 * SEVERE stack trace per request: any client could fill the disk with garbage, no token needed.
 *
 * <p>{@link #guard} rebinds a service with a lenient request marshaller (a parse failure
 * becomes {@code null}) and a listener that closes the call on {@code null} without the
 * service ever seeing it. Thread-safe.
 */
public final class MalformedRequests {
    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

    /** The default shortest time between two log lines about one method's malformed requests. */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMinutes(1);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MalformedRequests(Duration logInterval, LongSupplier nanoClock) {
        this.intervalNanos = logInterval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** {@code service} with every method's requests checked. */
    public ServerServiceDefinition guard(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> checked = checked(method);
            descriptor.addMethod(checked.getMethodDescriptor());
            methods.add(checked);
        }
        ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(guarded::addMethod);
        return guarded.build();
    }

    /** Malformed requests to {@code fullMethodName} so far (for tests and diagnostics). */
    public long count(String fullMethodName) {
        Counter counter = counters.get(fullMethodName);
        return counter == null ? 0 : counter.total.get();
    }

    private <Q, R> ServerMethodDefinition<Q, R> checked(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        MethodDescriptor<Q, R> lenient = descriptor.toBuilder(
                new Lenient<>(descriptor.getRequestMarshaller()), descriptor.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        String type = descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> p
                && p.getMessagePrototype() != null ? p.getMessagePrototype().getClass().getSimpleName() : "request";
        return ServerMethodDefinition.create(lenient,
                (call, headers) -> new Checked<>(call, type, handler.startCall(call, headers)));
    }

    private void report(String method, ServerCall<?, ?> call) {
        long due = countAndCheckDue(method);
        if (due > 0) {
            log.warn("{} malformed {} request(s) answered INVALID_ARGUMENT since the last report"
                            + " (one report per {} s at most; latest from {})",
                    due, method, Duration.ofNanos(intervalNanos).toSeconds(),
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        }
    }

    /**
     * Counts one malformed request to {@code method}; when a report is due (the first one, or
     * the interval has passed since the last), the number to report, else 0.
     */
    long countAndCheckDue(String method) {
        Counter counter = counters.computeIfAbsent(method, m -> new Counter(nanoClock.getAsLong() - intervalNanos));
        counter.total.incrementAndGet();
        long sinceReport = counter.sinceReport.incrementAndGet();
        long now = nanoClock.getAsLong();
        long last = counter.lastReport.get();
        if (now - last >= intervalNanos && counter.lastReport.compareAndSet(last, now)) {
            counter.sinceReport.addAndGet(-sinceReport);
            return sinceReport;
        }
        return 0;
    }

    private static final class Counter {
        final AtomicLong total = new AtomicLong();
        final AtomicLong sinceReport = new AtomicLong();
        final AtomicLong lastReport;

        Counter(long lastReport) {
            this.lastReport = new AtomicLong(lastReport);
        }
    }

    /** Parses with the real marshaller; a message that does not parse becomes {@code null}. */
    private record Lenient<T>(MethodDescriptor.Marshaller<T> delegate) implements MethodDescriptor.Marshaller<T> {
        @Override
        public InputStream stream(T value) {
            return delegate.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Closes the call on a malformed message; the service sees nothing more of it. */
    private final class Checked<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final String type;
        private boolean refused;

        Checked(ServerCall<Q, R> call, String type, ServerCall.Listener<Q> delegate) {
            super(delegate);
            this.call = call;
            this.type = type;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            if (message == null) {
                refused = true;
                String method = call.getMethodDescriptor().getFullMethodName();
                report(method, call);
                call.close(Status.INVALID_ARGUMENT.withDescription(
                        method + ": the request is not a valid " + type + " (protobuf)"), new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
