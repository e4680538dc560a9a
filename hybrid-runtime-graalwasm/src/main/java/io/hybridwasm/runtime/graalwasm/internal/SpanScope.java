package io.hybridwasm.runtime.graalwasm.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Makes a context current on this thread and puts its span's ids in SLF4J's MDC (keys {@value #TRACE_ID}
 * and {@value #SPAN_ID}), so every log line written inside it names the trace; closing restores
 * both. A context whose span is not valid (tracing off) changes neither: the no-op path costs
 * a validity check.
 */
final class SpanScope implements AutoCloseable {
    /** MDC key of the current trace id (32 hex digits). */
    static final String TRACE_ID = "trace_id";
    /** MDC key of the current span id (16 hex digits). */
    static final String SPAN_ID = "span_id";

    private static final SpanScope NONE = new SpanScope(null, null, null);

    private final Scope scope;
    private final String previousTrace;
    private final String previousSpan;

    private SpanScope(Scope scope, String previousTrace, String previousSpan) {
        this.scope = scope;
        this.previousTrace = previousTrace;
        this.previousSpan = previousSpan;
    }

    /** Makes {@code context} current until {@link #close()}. */
    static SpanScope enter(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return NONE;
        }
        SpanScope entered = new SpanScope(context.makeCurrent(), MDC.get(TRACE_ID), MDC.get(SPAN_ID));
        MDC.put(TRACE_ID, span.getTraceId());
        MDC.put(SPAN_ID, span.getSpanId());
        return entered;
    }

    @Override
    public void close() {
        if (scope == null) {
            return;
        }
        restore(TRACE_ID, previousTrace);
        restore(SPAN_ID, previousSpan);
        scope.close();
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
