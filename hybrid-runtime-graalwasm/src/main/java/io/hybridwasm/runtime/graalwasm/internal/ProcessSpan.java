package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HybridException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.function.UnaryOperator;

/**
 * The {@value #NAME} span of one guest call: a child of the caller's current OpenTelemetry
 * context, current (with its ids in the MDC) while the guest runs. The guest runs on the
 * caller's thread, so host calls made by the guest nest under this span with no hand-off.
 *
 * <p>Attributes: {@code hybrid.module}, {@code hybrid.entry}, {@code hybrid.input.bytes},
 * {@code hybrid.output.bytes}, and {@code hybrid.status}: {@code OK}, the ABI status name of a
 * failure, or the raw code a guest returned that the ABI does not define. The tracer comes from
 * {@link GlobalOpenTelemetry} at each call, so an SDK registered later is picked up; without
 * one (or when the span is not sampled) the guest runs with nothing else done.
 */
final class ProcessSpan {
    /** The span's name. */
    static final String NAME = "WasmNode.process";
    /** Instrumentation scope of every Hybrid span. */
    static final String SCOPE = "io.hybridwasm";

    private static final AttributeKey<String> MODULE = AttributeKey.stringKey("hybrid.module");
    private static final AttributeKey<String> ENTRY = AttributeKey.stringKey("hybrid.entry");
    private static final AttributeKey<Long> INPUT_BYTES = AttributeKey.longKey("hybrid.input.bytes");
    private static final AttributeKey<Long> OUTPUT_BYTES = AttributeKey.longKey("hybrid.output.bytes");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("hybrid.status");
    /** What {@link GlobalOpenTelemetry} hands out while no SDK is registered: its spans never record. */
    private static final Tracer NO_OP = OpenTelemetry.noop().getTracer(SCOPE);

    private ProcessSpan() {
    }

    /** Runs {@code call} on {@code input} inside the span. */
    static byte[] around(String module, String entry, byte[] input, UnaryOperator<byte[]> call) {
        Tracer tracer = GlobalOpenTelemetry.getTracer(SCOPE);
        if (tracer == NO_OP) {
            return call.apply(input); // what a span that does not record leads to below, without building one
        }
        Span span = tracer.spanBuilder(NAME).setSpanKind(SpanKind.INTERNAL).startSpan();
        if (!span.isRecording()) {
            return call.apply(input);
        }
        span.setAttribute(MODULE, module);
        span.setAttribute(ENTRY, entry);
        span.setAttribute(INPUT_BYTES, (long) input.length);
        try (SpanScope ignored = SpanScope.enter(Context.current().with(span))) {
            byte[] output = call.apply(input);
            span.setAttribute(OUTPUT_BYTES, (long) output.length);
            span.setAttribute(STATUS, "OK");
            return output;
        } catch (RuntimeException | Error e) {
            span.setAttribute(STATUS, statusOf(e));
            span.setStatus(StatusCode.ERROR, e.getMessage());
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static String statusOf(Throwable failure) {
        if (failure instanceof GuestStatusException guest) {
            return guest.hostStatus().map(Enum::name).orElse(Integer.toString(guest.code()));
        }
        return failure instanceof HybridException hybrid ? hybrid.status().name() : "TRAP";
    }
}
