package io.hybridwasm.examples.cli;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's OpenTelemetry SDK: a Prometheus endpoint on loopback ({@code --metrics-port}) and/or
 * OTLP/HTTP export of metrics and spans ({@code --otlp}), registered as the global
 * OpenTelemetry so that the library's instruments, gRPC's and the spans record into it. Built
 * before anything that records, closed (flushing OTLP) on exit. With neither option nothing is
 * built or registered.
 */
final class Telemetry implements AutoCloseable {
    /** Loopback only: the endpoint has no authentication. */
    static final String METRICS_HOST = "127.0.0.1";
    private static final Duration OTLP_METRICS_INTERVAL = Duration.ofSeconds(10);

    private final OpenTelemetrySdk sdk;
    private final Integer metricsPort;
    private boolean closed;

    private Telemetry(OpenTelemetrySdk sdk, Integer metricsPort) {
        this.sdk = sdk;
        this.metricsPort = metricsPort;
    }

    /**
     * Builds and registers the SDK the options ask for.
     *
     * @throws IllegalArgumentException naming the option when a value is unusable or the port is taken
     */
    static Telemetry start(Integer metricsPort, String otlp) {
        if (metricsPort == null && otlp == null) {
            return new Telemetry(null, null);
        }
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65_535)) {
            throw new IllegalArgumentException("--metrics-port " + metricsPort + ": not a port (1-65535)");
        }
        Optional<String> endpoint = Optional.ofNullable(otlp).map(Telemetry::otlpBase);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "hybrid")));
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
        PrometheusHttpServer prometheus = null;
        if (metricsPort != null) {
            prometheus = prometheus(metricsPort);
            meters.registerMetricReader(prometheus);
        }
        endpoint.ifPresent(base -> meters.registerMetricReader(PeriodicMetricReader
                .builder(OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics").build())
                .setInterval(OTLP_METRICS_INTERVAL).build()));
        var builder = OpenTelemetrySdk.builder()
                .setMeterProvider(meters.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        endpoint.ifPresent(base -> builder.setTracerProvider(SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build()).build())
                .build()));
        OpenTelemetrySdk sdk = builder.build();
        try {
            GlobalOpenTelemetry.set(sdk);
        } catch (IllegalStateException e) {
            sdk.close();
            throw new IllegalStateException("cannot register metrics: OpenTelemetry was already set up in this JVM", e);
        }
        return new Telemetry(sdk, metricsPort);
    }

    /** Where Prometheus scrapes, or empty without {@code --metrics-port}. */
    Optional<String> metricsUrl() {
        return Optional.ofNullable(metricsPort).map(p -> "http://" + METRICS_HOST + ":" + p + "/metrics");
    }

    /** Flushes and stops the exporters and unregisters the SDK. Idempotent. */
    @Override
    public synchronized void close() {
        if (sdk == null || closed) {
            return;
        }
        closed = true;
        sdk.shutdown().join(5, TimeUnit.SECONDS);
        // Unregistered so that a later command in the same JVM (tests, HybridCli.execute) can register its own.
        GlobalOpenTelemetry.resetForTest();
    }

    private static PrometheusHttpServer prometheus(int port) {
        try {
            return PrometheusHttpServer.builder().setHost(METRICS_HOST).setPort(port).build();
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new IllegalArgumentException("--metrics-port " + port + ": port " + port + " on " + METRICS_HOST
                        + " is in use", e);
            }
            throw new IllegalArgumentException("--metrics-port " + port + ": cannot serve metrics: " + e.getMessage(), e);
        }
    }

    /** {@code otlp} without a trailing slash, checked to be an http(s) URL with a host. */
    private static String otlpBase(String otlp) {
        try {
            URI uri = new URI(otlp);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return otlp.endsWith("/") ? otlp.substring(0, otlp.length() - 1) : otlp;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--otlp " + otlp
                + ": expected the URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
