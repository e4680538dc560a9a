package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The gRPC client span of every call on a pooled channel, a child of the caller's current
 * context (for a guest, its host-call span), and the W3C {@code traceparent} header that
 * carries it to the server. Attributes follow the OpenTelemetry RPC conventions:
 * {@code rpc.system=grpc}, {@code rpc.service}, {@code rpc.method}, {@code rpc.grpc.status_code}.
 *
 * <p>W3C trace context is always the wire format, whatever propagators the embedder registered:
 * it is what the server side ({@code HybridServer}) reads. With tracing off and no trace to
 * continue, the call is not wrapped at all.
 *
 * <p>Written here rather than taken from {@code opentelemetry-grpc-1.6}: that library is
 * published as alpha and brings the instrumentation API into every embedder, while the
 * library's contract is {@code opentelemetry-api} only; grpc-java's own
 * {@code grpc-opentelemetry} tracing propagates {@code grpc-trace-bin}, not {@code traceparent}.
 */
final class ClientTracing implements ClientInterceptor {
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<Long> RPC_GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");

    private static final TextMapSetter<Metadata> HEADERS = (headers, key, value) ->
            headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Tracer tracer = HostCallSpans.tracer();
        if (tracer == HostCallSpans.NO_OP && !Span.current().getSpanContext().isValid()) {
            return next.newCall(method, options); // the no-op tracer's span would be invalid too: nothing to propagate
        }
        Span span = tracer.spanBuilder(method.getFullMethodName())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(RPC_SYSTEM, "grpc")
                .setAttribute(RPC_SERVICE, String.valueOf(method.getServiceName()))
                .setAttribute(RPC_METHOD, String.valueOf(method.getBareMethodName()))
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return next.newCall(method, options);
        }
        Context context = Context.current().with(span);
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                W3CTraceContextPropagator.getInstance().inject(context, headers, HEADERS);
                try {
                    super.start(new SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            end(span, status);
                            super.onClose(status, trailers);
                        }
                    }, headers);
                } catch (RuntimeException | Error e) {
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR);
                    span.end();
                    throw e;
                }
            }
        };
    }

    private static void end(Span span, Status status) {
        span.setAttribute(RPC_GRPC_STATUS, (long) status.getCode().value());
        if (!status.isOk()) {
            span.setStatus(StatusCode.ERROR, status.getCode() + (status.getDescription() == null ? ""
                    : ": " + status.getDescription()));
        }
        span.end();
    }
}
