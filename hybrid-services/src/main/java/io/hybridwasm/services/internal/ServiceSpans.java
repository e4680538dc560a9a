package io.hybridwasm.services.internal;

import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The span of one hosted-service execution, named {@code execute <service>}: a child of the
 * call's server span ({@link ServerTracing}), current (with its ids in the MDC) while the
 * service runs, so whatever the service traces or logs belongs to the caller's trace.
 * Attributes: {@code hybrid.service}, {@code hybrid.request.bytes}, {@code hybrid.response.bytes};
 * a failure is recorded as the span's exception (the server span carries the gRPC status).
 */
final class ServiceSpans {
    /** Instrumentation scope of every Hybrid span. */
    static final String SCOPE = "io.hybridwasm";

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("hybrid.service");
    private static final AttributeKey<Long> REQUEST_BYTES = AttributeKey.longKey("hybrid.request.bytes");
    private static final AttributeKey<Long> RESPONSE_BYTES = AttributeKey.longKey("hybrid.response.bytes");

    private ServiceSpans() {
    }

    /** Runs {@code service} on {@code call} inside its span. */
    static ServiceResult execute(HostedService service, ServiceCall call) {
        Span span = tracer().spanBuilder("execute " + service.name()).setSpanKind(SpanKind.INTERNAL).startSpan();
        if (!span.isRecording()) {
            return service.execute(call);
        }
        span.setAttribute(SERVICE, service.name());
        span.setAttribute(REQUEST_BYTES, (long) call.size());
        try (SpanScope ignored = SpanScope.enter(Context.current().with(span))) {
            ServiceResult result = service.execute(call);
            span.setAttribute(RESPONSE_BYTES, (long) result.data().remaining());
            return result;
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer(SCOPE);
    }
}
