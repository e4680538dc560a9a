package io.hybridwasm.bridge.internal;

import io.grpc.ManagedChannelBuilder;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;

import java.util.List;
import java.util.Locale;

/**
 * The bridge's OpenTelemetry instruments (scope {@code io.hybridwasm}): host calls by service
 * and status, circuit-breaker transitions, retries, result-cache lookups and stream
 * flow-control waits; and gRPC's own client metrics ({@code grpc.client.*}, gRFC A66, from
 * grpc-opentelemetry) on every channel opened while an SDK is registered. Taken from
 * {@link GlobalOpenTelemetry} when first used after it changed; without an SDK every method
 * returns at once and channels get no gRPC instrumentation at all. Thread-safe.
 */
public final class BridgeMetrics {
    static final String SCOPE = "io.hybridwasm";
    /** Latency buckets in seconds, 50 µs to 10 s. */
    static final List<Double> SECONDS_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("hybrid.service");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("hybrid.status");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("hybrid.endpoint");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("hybrid.circuit_breaker.state");
    static final AttributeKey<String> CACHE_RESULT = AttributeKey.stringKey("hybrid.cache.result");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");

    private static volatile BridgeMetrics current;

    private final OpenTelemetry openTelemetry;
    private final boolean enabled;
    private final GrpcOpenTelemetry grpc;
    private final DoubleHistogram hostCalls;
    private final LongCounter breakerTransitions;
    private final LongCounter retries;
    private final LongCounter cacheLookups;
    private final LongCounter cacheHitBytes;
    private final DoubleHistogram flowControlWait;

    private BridgeMetrics(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        MeterProvider provider = openTelemetry.getMeterProvider();
        this.enabled = provider != MeterProvider.noop();
        this.grpc = enabled ? GrpcOpenTelemetry.newBuilder().sdk(openTelemetry).build() : null;
        Meter meter = provider.get(SCOPE);
        hostCalls = meter.histogramBuilder("hybrid.host_call.duration").setUnit("s")
                .setDescription("Remote calls made for guests, by service and ABI status")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
        breakerTransitions = meter.counterBuilder("hybrid.circuit_breaker.transitions").setUnit("{transition}")
                .setDescription("Circuit-breaker state changes, by endpoint and new state").build();
        retries = meter.counterBuilder("hybrid.remote.retries").setUnit("{retry}")
                .setDescription("Attempts repeated after a failure the endpoint never saw").build();
        cacheLookups = meter.counterBuilder("hybrid.cache.lookups").setUnit("{lookup}")
                .setDescription("Result-cache lookups, by service and result (hit, miss)").build();
        cacheHitBytes = meter.counterBuilder("hybrid.cache.hit.size").setUnit("By")
                .setDescription("Bytes of results served from the result cache").build();
        flowControlWait = meter.histogramBuilder("hybrid.stream.flow_control.wait").setUnit("s")
                .setDescription("Time a stream message waited for the transport to accept it")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    /** The instruments of the globally registered OpenTelemetry, rebuilt when that changed. */
    public static BridgeMetrics current() {
        OpenTelemetry global = GlobalOpenTelemetry.get();
        BridgeMetrics metrics = current;
        if (metrics == null || metrics.openTelemetry != global) {
            metrics = new BridgeMetrics(global);
            current = metrics;
        }
        return metrics;
    }

    /** Whether an SDK is registered: without one every recording method returns at once. */
    boolean enabled() {
        return enabled;
    }

    /** Adds gRPC's per-method client metrics to a channel about to be built (nothing without an SDK). */
    public void instrument(ManagedChannelBuilder<?> channel) {
        if (grpc != null) {
            grpc.configureChannelBuilder(channel);
        }
    }

    /** One remote call for a guest: its service, ABI status name and duration. */
    void hostCall(String service, String status, long nanos) {
        hostCalls.record(nanos / 1e9, Attributes.of(SERVICE, service, STATUS, status));
    }

    /** {@code endpoint}'s circuit changed to {@code mode}. */
    void breakerTransition(String endpoint, CircuitBreaker.Mode mode) {
        if (enabled) {
            breakerTransitions.add(1, Attributes.of(ENDPOINT, endpoint,
                    BREAKER_STATE, mode.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** A failed attempt of {@code method} ({@code package.Service/Method}) is about to be repeated. */
    void retry(String method) {
        if (enabled) {
            retries.add(1, Attributes.of(METHOD, method));
        }
    }

    /** A result-cache lookup for {@code service}; {@code hitBytes} is the size served, or -1 on a miss. */
    void cacheLookup(String service, long hitBytes) {
        if (enabled) {
            cacheLookups.add(1, Attributes.of(SERVICE, service, CACHE_RESULT, hitBytes >= 0 ? "hit" : "miss"));
            if (hitBytes >= 0) {
                cacheHitBytes.add(hitBytes, Attributes.of(SERVICE, service));
            }
        }
    }

    /** A stream message waited for flow control since {@code waitStart} ({@link System#nanoTime()}); nothing when it is 0. */
    void flowControlWaited(long waitStart) {
        if (enabled && waitStart != 0) {
            flowControlWait.record((System.nanoTime() - waitStart) / 1e9);
        }
    }
}
