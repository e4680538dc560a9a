package io.hybridwasm.services.internal;

import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The server's OpenTelemetry instruments (scope {@code io.hybridwasm}): calls by hosted
 * service and gRPC status with their duration, admission refusals, open sessions; and gRPC's
 * own server metrics ({@code grpc.server.*}, gRFC A66, from grpc-opentelemetry) on servers
 * started while an SDK is registered. Taken from {@link GlobalOpenTelemetry} when first used
 * after it changed; without an SDK nothing is installed or recorded. Thread-safe.
 */
public final class ServerMetrics {
    static final String SCOPE = "io.hybridwasm";
    static final List<Double> SECONDS_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("hybrid.service");
    static final AttributeKey<String> GRPC_STATUS = AttributeKey.stringKey("grpc.status");

    private static final Set<IntSupplier> SESSION_STORES = ConcurrentHashMap.newKeySet();
    private static volatile ServerMetrics current;

    private final OpenTelemetry openTelemetry;
    private final boolean enabled;
    private final GrpcOpenTelemetry grpc;
    private final DoubleHistogram serviceCalls;
    private final LongCounter refused;
    private final ObservableLongUpDownCounter sessions;

    private ServerMetrics(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        MeterProvider provider = openTelemetry.getMeterProvider();
        this.enabled = provider != MeterProvider.noop();
        this.grpc = enabled ? GrpcOpenTelemetry.newBuilder().sdk(openTelemetry).build() : null;
        Meter meter = provider.get(SCOPE);
        serviceCalls = meter.histogramBuilder("hybrid.server.call.duration").setUnit("s")
                .setDescription("Execute calls served, by hosted service and gRPC status")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
        refused = meter.counterBuilder("hybrid.server.refused").setUnit("{call}")
                .setDescription("Calls refused at admission: RESOURCE_EXHAUSTED when full, UNAVAILABLE when draining")
                .build();
        sessions = enabled ? meter.upDownCounterBuilder("hybrid.server.session.count").setUnit("{session}")
                .setDescription("Sessions open on this process's servers")
                .buildWithCallback(m -> m.record(SESSION_STORES.stream().mapToLong(IntSupplier::getAsInt).sum()))
                : null;
    }

    /** The instruments of the globally registered OpenTelemetry, rebuilt when that changed. */
    public static ServerMetrics current() {
        OpenTelemetry global = GlobalOpenTelemetry.get();
        ServerMetrics metrics = current;
        if (metrics == null || metrics.openTelemetry != global) {
            synchronized (ServerMetrics.class) {
                metrics = current;
                if (metrics == null || metrics.openTelemetry != global) {
                    if (metrics != null && metrics.sessions != null) {
                        metrics.sessions.close();
                    }
                    metrics = new ServerMetrics(global);
                    current = metrics;
                }
            }
        }
        return metrics;
    }

    /**
     * Adds gRPC's server metrics and the per-service call metric to a server about to be built;
     * nothing without an SDK. {@code services} are the hosted names recorded as such; any other
     * requested name is recorded as {@code other}, so callers cannot grow the label set.
     */
    public void instrument(ServerBuilder<?> server, Collection<String> services) {
        if (grpc != null) {
            server.intercept(new ServiceCallMetrics(this, Set.copyOf(services)));
            grpc.configureServerBuilder(server);
        }
    }

    /** Counts open sessions of {@code store} in {@code hybrid.server.session.count} until the returned action runs. */
    public static Runnable trackSessions(IntSupplier store) {
        SESSION_STORES.add(store);
        return () -> SESSION_STORES.remove(store);
    }

    /** A call refused at admission with {@code status}. */
    void refused(Status.Code status) {
        if (enabled) {
            refused.add(1, Attributes.of(GRPC_STATUS, status.name()));
        }
    }

    /** One Execute call of hosted {@code service} ended with {@code status} after {@code nanos}. */
    void serviceCall(String service, Status.Code status, long nanos) {
        serviceCalls.record(nanos / 1e9, Attributes.of(SERVICE, service, GRPC_STATUS, status.name()));
    }
}
