package io.hybridwasm.services.internal;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The gRPC server span of every call: continues the caller's trace from the W3C
 * {@code traceparent} header, and is current (with its ids in the MDC) in each of the call's
 * callbacks, so a hosted service's span and log lines belong to the caller's trace.
 * Attributes follow the OpenTelemetry RPC conventions ({@code rpc.system=grpc},
 * {@code rpc.service}, {@code rpc.method}, {@code rpc.grpc.status_code}); as they say, only
 * server-side faults mark the span as an error, not the caller's (INVALID_ARGUMENT, ...).
 *
 * <p>Runs first in the server's chain, so calls refused by access control or admission are
 * traced too. Hand-written for the reasons given on the client's counterpart in the bridge
 * ({@code ClientTracing}). With tracing off and no trace to continue, calls are not wrapped.
 */
public final class ServerTracing implements ServerInterceptor {
    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<Long> RPC_GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
    private static final Set<Status.Code> SERVER_FAULTS = EnumSet.of(Status.Code.UNKNOWN,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.UNIMPLEMENTED, Status.Code.INTERNAL, Status.Code.UNAVAILABLE,
            Status.Code.DATA_LOSS);

    private static final TextMapGetter<Metadata> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata headers) {
            return headers.keys();
        }

        @Override
        public String get(Metadata headers, String key) {
            return headers == null ? null : headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
    };

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
        Span span = ServiceSpans.tracer().spanBuilder(call.getMethodDescriptor().getFullMethodName())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(RPC_SYSTEM, "grpc")
                .setAttribute(RPC_SERVICE, String.valueOf(call.getMethodDescriptor().getServiceName()))
                .setAttribute(RPC_METHOD, String.valueOf(call.getMethodDescriptor().getBareMethodName()))
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return next.startCall(call, headers);
        }
        Context context = parent.with(span);
        ServerCall<Q, R> traced = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                span.setAttribute(RPC_GRPC_STATUS, (long) status.getCode().value());
                if (SERVER_FAULTS.contains(status.getCode())) {
                    span.setStatus(StatusCode.ERROR, status.getDescription());
                }
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try (SpanScope ignored = SpanScope.enter(context)) {
            listener = next.startCall(traced, headers);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.end();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try (SpanScope ignored = SpanScope.enter(context)) {
                    super.onMessage(message);
                }
            }

            @Override
            public void onHalfClose() {
                try (SpanScope ignored = SpanScope.enter(context)) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                try (SpanScope ignored = SpanScope.enter(context)) {
                    super.onReady();
                }
            }

            @Override
            public void onCancel() {
                try (SpanScope ignored = SpanScope.enter(context)) {
                    super.onCancel();
                } finally {
                    span.end();
                }
            }

            @Override
            public void onComplete() {
                try (SpanScope ignored = SpanScope.enter(context)) {
                    super.onComplete();
                } finally {
                    span.end();
                }
            }
        };
    }
}
