package io.hybridwasm.examples.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.Hybrid;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.vad.VadVerdict;
import io.hybridwasm.bridge.internal.GuestImports;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
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
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10's tracing acceptance: one {@code process} call of the committed {@code intelligent_vad}
 * guest, its band forcing the remote VAD, against a real server on loopback, recorded by the
 * OpenTelemetry SDK's in-memory exporter, is one trace: caller → {@code WasmNode.process} →
 * host call → gRPC client → gRPC server (joined only by the {@code traceparent} header) →
 * the service's span; log lines inside a host call or the service carry its trace and span id. The SDK is
 * registered globally for this class only and reset after it.
 */
class TracingIT {
    private static final String EXECUTE = "hybrid.v1.RemoteExecution/Execute";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;
    private static HybridServer server;
    private static WasmRuntime runtime;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        GlobalOpenTelemetry.set(sdk);
        HostedServiceRegistry registry = HostedServiceRegistry.load(TracingIT.class.getClassLoader());
        registry.register(new LogIds());
        server = HybridServer.builder().port(0).registry(registry).build().start();
        target = "127.0.0.1:" + server.port();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
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
    void processAsyncCarriesTheCallersTraceOntoTheNodeThread() throws Exception {
        byte[] input = EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(0.5, 7));
        Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
        try (WasmNode node = runtime.load(Guests.config(Guests.INTELLIGENT_VAD, "process_with_remote", target,
                "VoiceActivityDetector").build())) {
            CompletableFuture<byte[]> output;
            try (Scope ignored = caller.makeCurrent()) {
                output = node.processAsync(input);
            }
            assertEquals("remote", VadVerdict.parse(output.get(2, TimeUnit.MINUTES)).source());
        } finally {
            caller.end();
        }
        List<SpanData> spans = awaitSpan(EXECUTE, SpanKind.SERVER);
        SpanData process = only(spans, "WasmNode.process", SpanKind.INTERNAL);
        SpanData hostCall = only(spans, "env.call_remote_service", SpanKind.INTERNAL);
        assertEquals(caller.getSpanContext().getTraceId(), process.getTraceId());
        assertEquals(caller.getSpanContext().getSpanId(), process.getParentSpanId(),
                "the guest ran on a node thread, yet its span is the caller's child");
        assertEquals(process.getSpanId(), hostCall.getParentSpanId());
        assertEquals(caller.getSpanContext().getTraceId(), only(spans, EXECUTE, SpanKind.SERVER).getTraceId());
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

    @Test
    void logLinesInsideTheServiceCarryTheTraceAndTheServiceSpan() throws InterruptedException {
        byte[] output;
        try (WasmNode node = runtime.load(Guests.patterns("call_service", target, LogIds.NAME).build())) {
            output = node.process(Guests.input(new byte[1], LogIds.NAME));
        }
        SpanData service = only(SPANS.getFinishedSpanItems(), "execute " + LogIds.NAME, SpanKind.INTERNAL);
        assertEquals(service.getTraceId() + " " + service.getSpanId(), Guests.text(output),
                "the MDC the service saw (trace_id, span_id)");
        assertNull(MDC.get("trace_id"), "the caller's MDC is restored after the call");
        // The server span ends after the answer is sent: wait for it, so it cannot land in the next test's spans.
        awaitSpan(EXECUTE, SpanKind.SERVER);
    }

    @Test
    void logLinesInsideAHostCallCarryItsSpan() {
        Logger bridge = (Logger) LoggerFactory.getLogger(GuestImports.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        bridge.addAppender(lines);
        try (WasmNode node = runtime.load(Guests.patterns("call_service", target, "Echo").build())) {
            GuestStatusException refused = assertThrows(GuestStatusException.class,
                    () -> node.process(Guests.input(new byte[1], "NotOnTheAllowlist")));
            assertEquals(HostStatus.NOT_ALLOWED.code(), refused.code());
        } finally {
            bridge.detachAppender(lines);
        }
        SpanData hostCall = only(SPANS.getFinishedSpanItems(), "env.call_remote_service", SpanKind.INTERNAL);
        ILoggingEvent warning = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).findFirst()
                .orElseThrow(() -> new AssertionError("the refusal is logged: " + lines.list));
        assertEquals(Map.of("trace_id", hostCall.getTraceId(), "span_id", hostCall.getSpanId()),
                warning.getMDCPropertyMap());
    }

    private static SpanData only(List<SpanData> spans, String name, SpanKind kind) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertEquals(1, found.size(), () -> "one " + kind + " span '" + name + "' in " + spans);
        return found.getFirst();
    }

    /** Answers the {@code trace_id} and {@code span_id} in its thread's MDC: what its log lines would carry. */
    private static final class LogIds extends HostedService {
        static final String NAME = "LogIds";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "the trace and span id in the MDC while it runs";
        }

        @Override
        public boolean idempotent() {
            return false;
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return EnumSet.allOf(PayloadEncoding.class);
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            return ServiceResult.of(PayloadEncoding.RAW, (MDC.get("trace_id") + " " + MDC.get("span_id"))
                    .getBytes(StandardCharsets.UTF_8));
        }
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
