package io.hybridwasm.bridge.internal;

import io.grpc.ManagedChannelBuilder;
import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The bridge's instruments, recorded into an SDK registered globally, and nothing without one. */
class BridgeMetricsTest {
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
    void hostCallsAreCountedByServiceAndStatus() {
        RemoteCalls fake = mock(RemoteCalls.class);
        when(fake.call(any())).thenAnswer(call -> {
            RemoteRequest request = call.getArgument(0);
            if (request.service().equals("Down")) {
                throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE, "down");
            }
            return new RemoteResult(new byte[3], PayloadEncoding.RAW, Map.of());
        });
        RemoteCalls metered = MeteredRemoteCalls.of(fake);
        metered.call(RemoteRequest.builder("Echo", new byte[1]).build());
        metered.call(RemoteRequest.builder("Echo", new byte[1]).build());
        assertThrows(RemoteCallException.class, () -> metered.call(RemoteRequest.builder("Down", new byte[1]).build()));

        Map<String, Long> calls = histogramCounts(reader.collectAllMetrics(), "hybrid.host_call.duration",
                a -> a.get(AttributeKey.stringKey("hybrid.service")) + "/" + a.get(AttributeKey.stringKey("hybrid.status")));
        assertEquals(Map.of("Echo/OK", 2L, "Down/SERVICE_UNAVAILABLE", 1L), calls);
    }

    @Test
    void breakerTransitionsAreCountedByNewState() {
        AtomicLong clock = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker("svc:1", 2, Duration.ofSeconds(1), clock::get);
        breaker.recordFailure(false);
        breaker.recordFailure(false);                       // opens
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        boolean trial = breaker.admit("call");              // half-open
        breaker.recordFailure(trial);                       // re-opens
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        breaker.recordAnswer();                             // closes

        Map<String, Long> transitions = sums(reader.collectAllMetrics(), "hybrid.circuit_breaker.transitions",
                a -> a.get(AttributeKey.stringKey("hybrid.endpoint")) + " " + a.get(AttributeKey.stringKey("hybrid.circuit_breaker.state")));
        assertEquals(Map.of("svc:1 open", 2L, "svc:1 half_open", 1L, "svc:1 closed", 1L), transitions);
    }

    @Test
    void cacheLookupsCountHitsMissesAndBytes() {
        BridgeMetrics.current().cacheLookup("Echo", -1);
        BridgeMetrics.current().cacheLookup("Echo", 40);
        Collection<MetricData> metrics = reader.collectAllMetrics();
        assertEquals(Map.of("hit", 1L, "miss", 1L), sums(metrics, "hybrid.cache.lookups",
                a -> a.get(AttributeKey.stringKey("hybrid.cache.result"))));
        assertEquals(Map.of("Echo", 40L), sums(metrics, "hybrid.cache.hit.size",
                a -> a.get(AttributeKey.stringKey("hybrid.service"))));
    }

    @Test
    void withoutAnSdkNothingIsRecordedAndChannelsAreLeftAlone() {
        GlobalOpenTelemetry.resetForTest();
        MeteredRemoteCalls.of(mock(RemoteCalls.class)).call(RemoteRequest.builder("Echo", new byte[1]).build());
        ManagedChannelBuilder<?> channel = mock(ManagedChannelBuilder.class);
        BridgeMetrics.current().instrument(channel);
        verifyNoInteractions(channel);
        assertTrue(reader.collectAllMetrics().isEmpty());
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
