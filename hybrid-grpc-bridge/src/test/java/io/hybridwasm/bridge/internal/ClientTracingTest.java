package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@link ClientTracing} with tracing off (no SDK registered): what goes on the wire. */
class ClientTracingTest {
    private static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<InputStream, InputStream> METHOD =
            MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("hybrid.v1.RemoteExecution/Execute")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final RecordingChannel channel = new RecordingChannel();

    @BeforeEach
    @AfterEach
    void noSdk() {
        GlobalOpenTelemetry.resetForTest();
    }

    @Test
    void withoutATraceNothingIsAdded() {
        start();
        assertNotNull(channel.headers, "the call was started");
        assertFalse(channel.headers.containsKey(TRACEPARENT));
    }

    @Test
    void withoutAnSdkTheCallersTraceStillTravels() {
        SpanContext caller = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
            start();
        }
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", channel.headers.get(TRACEPARENT),
                "a server in the middle passes its caller's trace on even when it records nothing");
    }

    private void start() {
        Channel traced = ClientInterceptors.intercept(channel, new ClientTracing());
        ClientCall<InputStream, InputStream> call = traced.newCall(METHOD, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() { }, new Metadata());
    }

    /** Records the headers of the call started on it; answers nothing. */
    private static final class RecordingChannel extends Channel {
        Metadata headers;

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return new ClientCall<>() {
                @Override
                public void start(Listener<R> listener, Metadata requestHeaders) {
                    headers = requestHeaders;
                }

                @Override
                public void request(int messages) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                }

                @Override
                public void sendMessage(Q message) {
                }
            };
        }

        @Override
        public String authority() {
            return "127.0.0.1:1";
        }
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<InputStream> {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return new ByteArrayInputStream(new byte[0]);
        }
    }
}
