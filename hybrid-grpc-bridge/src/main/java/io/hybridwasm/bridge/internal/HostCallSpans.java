package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.spi.HostFunction;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * One span per host call: {@link #traced} wraps an import's body in a child of the current
 * context (the guest's {@code WasmNode.process} span: host functions run on the guest's
 * thread), current while the body runs, so the gRPC client span of the call nests under it.
 *
 * <p>Attributes: {@code hybrid.service} (a {@code hybrid.v1} service) or {@code hybrid.method}
 * (a gRPC method called by name), {@code hybrid.request.bytes}, {@code hybrid.response.bytes},
 * {@code hybrid.status} (the ABI status name), {@code hybrid.cache.hit} when a result cache was
 * asked, {@code hybrid.retries} when an attempt was repeated. The code deeper in the call
 * (cache, retries) reports through the static methods, which touch only a host-call span of the
 * current context, never a caller's span, and do nothing when tracing is off.
 */
final class HostCallSpans {
    /** Instrumentation scope of every Hybrid span. */
    static final String SCOPE = "io.hybridwasm";

    private static final ContextKey<Span> HOST_CALL = ContextKey.named("hybrid.host_call");
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("hybrid.service");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("hybrid.method");
    private static final AttributeKey<Long> REQUEST_BYTES = AttributeKey.longKey("hybrid.request.bytes");
    private static final AttributeKey<Long> RESPONSE_BYTES = AttributeKey.longKey("hybrid.response.bytes");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("hybrid.status");
    private static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("hybrid.cache.hit");
    private static final AttributeKey<Long> RETRIES = AttributeKey.longKey("hybrid.retries");
    /**
     * What {@link #tracer()} hands out while no SDK is registered: its spans never record (and
     * {@link ClientTracing} has nothing to propagate unless a caller's span is current).
     */
    static final Tracer NO_OP = OpenTelemetry.noop().getTracer(SCOPE);

    private HostCallSpans() {
    }

    /** {@code body} inside a span named {@code name} whose status is the status the body returns or throws. */
    static HostFunction.IntBody traced(String name, HostFunction.IntBody body) {
        return (call, args) -> {
            Tracer tracer = tracer();
            if (tracer == NO_OP) {
                return body.apply(call, args); // what a span that does not record leads to below, without building one
            }
            Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).startSpan();
            if (!span.isRecording()) {
                return body.apply(call, args);
            }
            try (SpanScope ignored = SpanScope.enter(Context.current().with(span).with(HOST_CALL, span))) {
                int status = body.apply(call, args);
                status(span, status);
                return status;
            } catch (HybridException e) {
                status(span, e.status().code());
                throw e;
            } catch (RuntimeException | Error e) {
                span.setAttribute(STATUS, "TRAP");
                span.setStatus(StatusCode.ERROR, e.toString());
                span.recordException(e);
                throw e;
            } finally {
                span.end();
            }
        };
    }

    /** The callee and payload size of the current host call. */
    static void target(String name, int payloadBytes) {
        Span span = current();
        if (span != null) {
            span.setAttribute(name.indexOf('/') >= 0 ? METHOD : SERVICE, name);
            span.setAttribute(REQUEST_BYTES, Integer.toUnsignedLong(payloadBytes));
        }
    }

    /** The size of the answer the current host call got. */
    static void answered(int bytes) {
        Span span = current();
        if (span != null) {
            span.setAttribute(RESPONSE_BYTES, (long) bytes);
        }
    }

    /** Whether the result cache held the current host call's answer. */
    static void cacheLookup(boolean hit) {
        Span span = current();
        if (span != null) {
            span.setAttribute(CACHE_HIT, hit);
        }
    }

    /** The current host call repeats its rpc; {@code retries} repeats so far, this one included. */
    static void retrying(int retries) {
        Span span = current();
        if (span != null) {
            span.setAttribute(RETRIES, (long) retries);
        }
    }

    private static Span current() {
        return Context.current().get(HOST_CALL);
    }

    private static void status(Span span, int code) {
        span.setAttribute(STATUS, HostStatus.fromCode(code).map(Enum::name).orElse(Integer.toString(code)));
        if (code != HostStatus.OK.code() && code != HostStatus.BUFFER_TOO_SMALL.code()) {
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** The tracer of the bridge's spans, host calls and client calls alike: the global one's. */
    static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer(SCOPE);
    }
}
