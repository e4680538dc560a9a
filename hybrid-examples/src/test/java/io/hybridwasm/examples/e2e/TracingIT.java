package io.hybridwasm.examples.e2e;

import io.hybridwasm.HostStatus;
import io.hybridwasm.WasmNode;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.vad.VadVerdict;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10's tracing acceptance: one {@code process} call of the committed {@code intelligent_vad}
 * guest, its band forcing the remote VAD, against a real server on loopback, recorded by the
 * OpenTelemetry SDK's in-memory exporter, is one trace: caller → {@code WasmNode.process} →
 * host call → gRPC client → gRPC server (joined only by the {@code traceparent} header) →
 * the service's span. The SDK is registered globally for this class only and reset after it.
 */
class TracingIT extends LoopbackServerAndRuntime {
    private static final String EXECUTE = "hybrid.v1.RemoteExecution/Execute";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;

    @BeforeAll
    static void registerSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterAll
    static void unregisterSdk() {
        sdk.close();
        GlobalOpenTelemetry.resetForTest();
    }

    @BeforeEach
    void clear() {
        SPANS.reset();
    }

    @Test
    void oneRemoteVadCallIsOneTraceFromCallerToService() throws InterruptedException {
        byte[] input = EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(0.5, 7));
        VadVerdict verdict;
        Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
        try (WasmNode node = runtime.load(Guests.config(Guests.INTELLIGENT_VAD, "process_with_remote", target,
                "VoiceActivityDetector").build()); Scope ignored = caller.makeCurrent()) {
            verdict = VadVerdict.parse(node.process(input));
        } finally {
            caller.end();
        }
        assertEquals("remote", verdict.source(), "the band (-1, 2) sends every chunk to the remote VAD");

        List<SpanData> spans = awaitSpan(EXECUTE, SpanKind.SERVER);
        String traceId = caller.getSpanContext().getTraceId();
        assertEquals(Set.of(traceId), spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet()),
                "every span of the call is in the caller's trace: " + spans);

        SpanData process = only(spans, "WasmNode.process", SpanKind.INTERNAL);
        SpanData hostCall = only(spans, "env.call_remote_service", SpanKind.INTERNAL);
        SpanData client = only(spans, EXECUTE, SpanKind.CLIENT);
        SpanData server = only(spans, EXECUTE, SpanKind.SERVER);
        SpanData service = only(spans, "execute VoiceActivityDetector", SpanKind.INTERNAL);
        assertEquals(caller.getSpanContext().getSpanId(), process.getParentSpanId());
        assertEquals(process.getSpanId(), hostCall.getParentSpanId());
        assertEquals(hostCall.getSpanId(), client.getParentSpanId());
        assertEquals(client.getSpanId(), server.getParentSpanId());
        assertTrue(server.getParentSpanContext().isRemote(), "the server's parent came over the wire");
        assertEquals(server.getSpanId(), service.getParentSpanId());

        assertTrue(process.getAttributes().get(stringKey("hybrid.module")).endsWith("intelligent_vad.wasm"));
        assertEquals("process_with_remote", process.getAttributes().get(stringKey("hybrid.entry")));
        assertEquals(input.length, process.getAttributes().get(longKey("hybrid.input.bytes")));
        assertEquals("OK", process.getAttributes().get(stringKey("hybrid.status")));
        assertEquals("VoiceActivityDetector", hostCall.getAttributes().get(stringKey("hybrid.service")));
        assertEquals("OK", hostCall.getAttributes().get(stringKey("hybrid.status")));
        assertEquals("grpc", client.getAttributes().get(stringKey("rpc.system")));
        assertEquals("hybrid.v1.RemoteExecution", server.getAttributes().get(stringKey("rpc.service")));
        assertEquals("Execute", server.getAttributes().get(stringKey("rpc.method")));
        assertEquals(0L, server.getAttributes().get(longKey("rpc.grpc.status_code")));
        assertEquals(service.getAttributes().get(longKey("hybrid.request.bytes")),
                hostCall.getAttributes().get(longKey("hybrid.request.bytes")), "the service got the guest's payload");
    }

    @Test
    void aFailedHostCallIsAnErrorSpanWithTheStatusTheGuestGot() {
        VadVerdict verdict;
        try (WasmNode node = runtime.load(Guests.config(Guests.INTELLIGENT_VAD, "process_with_remote",
                "127.0.0.1:" + FreePorts.closed(), "VoiceActivityDetector").build())) {
            verdict = VadVerdict.parse(node.process(EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(0.5, 7))));
        }
        assertEquals("local", verdict.source(), "the guest keeps its own verdict when the remote call fails");
        List<SpanData> spans = SPANS.getFinishedSpanItems();
        SpanData hostCall = only(spans, "env.call_remote_service", SpanKind.INTERNAL);
        SpanData process = only(spans, "WasmNode.process", SpanKind.INTERNAL);
        assertEquals(HostStatus.fromCode(verdict.remoteStatus().orElseThrow()).orElseThrow().name(),
                hostCall.getAttributes().get(stringKey("hybrid.status")));
        assertEquals(StatusCode.ERROR, hostCall.getStatus().getStatusCode());
        assertEquals("OK", process.getAttributes().get(stringKey("hybrid.status")), "the guest itself succeeded");
        assertFalse(process.getParentSpanContext().isValid(), "without a caller span, process is the root");
        assertEquals(process.getSpanId(), hostCall.getParentSpanId());
    }

    private static SpanData only(List<SpanData> spans, String name, SpanKind kind) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertEquals(1, found.size(), () -> "one " + kind + " span '" + name + "' in " + spans);
        return found.getFirst();
    }

    /** The spans once one named {@code name} of {@code kind} has ended: the server ends its span after answering. */
    private static List<SpanData> awaitSpan(String name, SpanKind kind) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<SpanData> spans = SPANS.getFinishedSpanItems();
            if (spans.stream().anyMatch(s -> s.getName().equals(name) && s.getKind() == kind)) {
                return spans;
            }
            Thread.sleep(10);
        }
        return fail("no " + kind + " span '" + name + "' within 5 s: " + SPANS.getFinishedSpanItems());
    }
}
