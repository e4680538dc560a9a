package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.TrapException;
import io.hybridwasm.WasmNode;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With an OpenTelemetry SDK registered globally, a node reports its guest calls by outcome, the
 * instances it created and discarded by cause, its pool wait, and its pool size; after close the
 * pool is no longer reported.
 */
class RuntimeMetricsIT {
    private static final byte[] HELLO = "hello".getBytes();
    private static final AttributeKey<String> MODULE = AttributeKey.stringKey("hybrid.module");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("hybrid.outcome");
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey("hybrid.discard.cause");
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("hybrid.instance.state");

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

    @Test
    void callsInstancesAndPoolAreReported() {
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions());
             WasmNode node = runtime.load(Guests.config("misbehave").callTimeout(Duration.ofSeconds(3)).maxInstances(1).build())) {
            assertArrayEquals(HELLO, node.process(HELLO));
            assertArrayEquals(HELLO, node.process(HELLO));
            assertThrows(TrapException.class, () -> node.process("U".getBytes()));
            assertThrows(CallTimeoutException.class, () -> node.process("L".getBytes()));

            Collection<MetricData> metrics = reader.collectAllMetrics();
            Map<String, Long> calls = histogramCounts(metrics, "hybrid.guest.duration", OUTCOME);
            assertEquals(Map.of("ok", 2L, "trap", 1L, "timeout", 1L), calls);
            assertEquals(4L, histogramCounts(metrics, "hybrid.instance.pool.wait", MODULE).get(Guests.module("misbehave").name()));
            assertEquals(Map.of("trap", 1L, "timeout", 1L), sums(metrics, "hybrid.instance.discards", CAUSE));
            // The first instance at load, and one after each discard (the trap's; the timeout's comes with the next call).
            assertEquals(Map.of(Guests.module("misbehave").name(), 2L), sums(metrics, "hybrid.instance.creations", MODULE));
            Map<String, Long> pool = sums(metrics, "hybrid.instance.pool.size", STATE);
            assertEquals(0L, pool.get("in_use"), pool.toString());
        }
        Collection<MetricData> afterClose = reader.collectAllMetrics();
        assertTrue(sums(afterClose, "hybrid.instance.pool.size", STATE).isEmpty(), "a closed node's pool is still reported");
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported; got "
                        + metrics.stream().map(MetricData::getName).toList()));
    }

    private static Map<String, Long> histogramCounts(Collection<MetricData> metrics, String name, AttributeKey<String> by) {
        return metric(metrics, name).getHistogramData().getPoints().stream()
                .collect(Collectors.toMap(p -> p.getAttributes().get(by), HistogramPointData::getCount, Long::sum));
    }

    private static Map<String, Long> sums(Collection<MetricData> metrics, String name, AttributeKey<String> by) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .map(m -> (m.getLongSumData().getPoints().isEmpty() ? m.getLongGaugeData().getPoints()
                        : m.getLongSumData().getPoints()).stream()
                        .collect(Collectors.toMap(p -> attribute(p.getAttributes(), by), LongPointData::getValue, Long::sum)))
                .orElse(Map.of());
    }

    private static String attribute(Attributes attributes, AttributeKey<String> key) {
        return attributes.get(key);
    }
}
