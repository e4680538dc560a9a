package io.hybridwasm.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --otlp}, shared by {@code serve}, {@code run}, {@code demo}
 * and {@code eval vad}. Both off by default: then no SDK is registered and the library's
 * instrumentation stays a no-op.
 */
final class TelemetryOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve metrics in Prometheus text format on http://127.0.0.1:PORT/metrics (default: off).")
    Integer metricsPort;

    @Option(names = "--otlp", paramLabel = "URL",
            description = "Export traces and metrics over OTLP/HTTP to URL, e.g. http://127.0.0.1:4318 (default: off).")
    String otlp;

    /** Starts what these options ask for; {@link Telemetry#close()} stops it. */
    Telemetry start() {
        return Telemetry.start(metricsPort, otlp);
    }
}
