package io.hybridwasm.services.internal;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link ServerTracing} with tracing off (no SDK registered): which trace the call's code runs in. */
class ServerTracingTest {
    private static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    private SpanContext seen;

    @BeforeEach
    @AfterEach
    void noSdk() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void theCallersTraceIsCurrentInTheHandlerAndGoneAfter() {
        Metadata headers = new Metadata();
        headers.put(TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        ServerCall.Listener<String> listener = new ServerTracing().interceptCall(new FakeServerCall("hybrid.v1.RemoteExecution/Execute"), headers, handler());
        listener.onHalfClose();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", seen.getTraceId());
        assertEquals("00f067aa0ba902b7", seen.getSpanId(), "no SDK: the caller's span goes on as is");
        assertFalse(Span.current().getSpanContext().isValid(), "the test thread's context is restored");
    }

    @Test
    void withoutATraceparentTheCallIsNotWrapped() {
        ServerCall.Listener<String> inner = new ServerCall.Listener<>() { };
        ServerCall.Listener<String> listener = new ServerTracing().interceptCall(new FakeServerCall("hybrid.v1.RemoteExecution/Execute"), new Metadata(),
                (call, headers) -> inner);
        assertSame(inner, listener);
    }

    @Test
    void aMalformedTraceparentStartsNoTrace() {
        Metadata headers = new Metadata();
        headers.put(TRACEPARENT, "00-not-a-trace");
        new ServerTracing().interceptCall(new FakeServerCall("hybrid.v1.RemoteExecution/Execute"), headers, handler()).onHalfClose();
        assertFalse(seen.isValid(), "ignored, not failed");
    }

    private ServerCallHandler<String, String> handler() {
        return (call, headers) -> new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
                seen = Span.current().getSpanContext();
            }
        };
    }
}
