package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.testing.TestServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With an SDK registered globally, a real server reports Execute calls by hosted service and
 * status (unknown names folded into {@code other}), admission refusals, open sessions, and
 * gRPC's own per-method server metrics.
 */
class ServerMetricsIT {
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void registerSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void unregisterSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    private static ExecuteRequest request(String service, String config) {
        ExecuteRequest.Builder b = ExecuteRequest.newBuilder().setService(service)
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8("z")));
        return config == null ? b.build() : b.putConfig("millis", config).build();
    }

    @Test
    void callsByServiceAndStatusRefusalsSessionsAndGrpcMetrics() throws Exception {
        try (TestServer server = TestServer.start();
             TestServer full = TestServer.start(b -> b.maxConcurrentCalls(1))) {
            server.blocking().execute(request("Echo", null));
            server.blocking().execute(request("Echo", null));
            assertThrows(StatusRuntimeException.class, () -> server.blocking().execute(request("NoSuchService", null)));
            server.blocking().openSession(OpenSessionRequest.newBuilder().setClientSessionId("a").build());

            ListenableFuture<ExecuteResponse> sleeping = RemoteExecutionGrpc.newFutureStub(full.channel())
                    .withDeadlineAfter(10, TimeUnit.SECONDS).execute(request("Sleep", "300"));
            full.awaitInFlight(1);
            assertThrows(StatusRuntimeException.class, () -> full.blocking().execute(request("Echo", null)));
            sleeping.get(10, TimeUnit.SECONDS);

            Collection<MetricData> metrics = reader.collectAllMetrics();
            Map<String, Long> calls = histogramCounts(metrics, "hybrid.server.call.duration",
                    a -> a.get(AttributeKey.stringKey("hybrid.service")) + "/" + a.get(AttributeKey.stringKey("grpc.status")));
            assertEquals(Map.of("Echo/OK", 2L, "other/NOT_FOUND", 1L, "Sleep/OK", 1L), calls);
            assertEquals(Map.of("RESOURCE_EXHAUSTED", 1L), sums(metrics, "hybrid.server.refused",
                    a -> a.get(AttributeKey.stringKey("grpc.status"))));
            assertEquals(Map.of("", 1L), sums(metrics, "hybrid.server.session.count", a -> ""));
            Map<String, Long> grpc = histogramCounts(metrics, "grpc.server.call.duration",
                    a -> a.get(AttributeKey.stringKey("grpc.method")));
            assertTrue(grpc.getOrDefault("hybrid.v1.RemoteExecution/Execute", 0L) >= 4, grpc.toString());
        }
    }

    private static Map<String, Long> histogramCounts(Collection<MetricData> metrics, String name,
                                                     Function<Attributes, String> key) {
        return metric(metrics, name).getHistogramData().getPoints().stream()
                .collect(Collectors.toMap(p -> key.apply(p.getAttributes()), HistogramPointData::getCount, Long::sum));
    }

    private static Map<String, Long> sums(Collection<MetricData> metrics, String name, Function<Attributes, String> key) {
        return metric(metrics, name).getLongSumData().getPoints().stream()
                .collect(Collectors.toMap(p -> key.apply(p.getAttributes()), LongPointData::getValue, Long::sum));
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported; got "
                        + metrics.stream().map(MetricData::getName).toList()));
    }
}
