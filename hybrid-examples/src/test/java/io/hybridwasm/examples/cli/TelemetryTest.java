package io.hybridwasm.examples.cli;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --metrics-port} and {@code --otlp}: clear refusals, and a working endpoint that goes away on close. */
class TelemetryTest {

    @Test
    void outOfRangePortIsRefusedNamingTheFlag() {
        ThirdPartyPluginIT.Result r = run("serve", "--port", "0", "--metrics-port", "99999");
        assertEquals(HybridCli.EXIT_USAGE, r.exit(), r.err());
        assertEquals("hybrid: --metrics-port 99999: not a port (1-65535)", r.err().strip());
    }

    @Test
    void portInUseIsRefusedNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Telemetry.METRICS_HOST))) {
            int port = taken.getLocalPort();
            ThirdPartyPluginIT.Result r = run("serve", "--port", "0", "--metrics-port", Integer.toString(port));
            assertEquals(HybridCli.EXIT_USAGE, r.exit(), r.err());
            assertEquals("hybrid: --metrics-port " + port + ": port " + port + " on 127.0.0.1 is in use", r.err().strip());
        }
    }

    @Test
    void otlpThatIsNotAnHttpUrlIsRefused() {
        ThirdPartyPluginIT.Result r = run("serve", "--port", "0", "--otlp", "localhost:4318");
        assertEquals(HybridCli.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().startsWith("hybrid: --otlp localhost:4318: expected the URL of an OTLP/HTTP collector"), r.err());
    }

    @Test
    void metricsAreServedOnLoopbackUntilClosed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        GlobalOpenTelemetry.resetForTest();
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        try (Telemetry telemetry = Telemetry.start(port, null)) {
            assertEquals(metrics.toString(), telemetry.metricsUrl().orElseThrow());
            assertTrue(GlobalOpenTelemetry.isSet());
            GlobalOpenTelemetry.getMeter("test").counterBuilder("hybrid.test.probe").build().add(3);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("hybrid_test_probe_total{otel_scope_name=\"test\"} 3.0"), page.body());
            assertTrue(page.body().contains("service_name=\"hybrid\""), page.body());
        }
        assertFalse(GlobalOpenTelemetry.isSet(), "closing unregisters the SDK");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName(Telemetry.METRICS_HOST))) {
            assertEquals(port, again.getLocalPort(), "closing frees the port");
        }
    }

    @Test
    void otlpExportsMetricsAndSpansToTheCollectorOnClose() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + (body.length > 0));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        GlobalOpenTelemetry.resetForTest();
        try (Telemetry telemetry = Telemetry.start(null, "http://127.0.0.1:" + collector.getAddress().getPort() + "/")) {
            assertTrue(telemetry.metricsUrl().isEmpty());
            GlobalOpenTelemetry.getMeter("test").counterBuilder("hybrid.test.probe").build().add(1);
            GlobalOpenTelemetry.getTracer("test").spanBuilder("probe").startSpan().end();
        } finally {
            collector.stop(0);
        }
        assertTrue(received.contains("POST /v1/metrics application/x-protobuf true"), received.toString());
        assertTrue(received.contains("POST /v1/traces application/x-protobuf true"), received.toString());
    }

    @Test
    void neitherOptionRegistersNothing() {
        GlobalOpenTelemetry.resetForTest();
        try (Telemetry telemetry = Telemetry.start(null, null)) {
            assertTrue(telemetry.metricsUrl().isEmpty());
            assertFalse(GlobalOpenTelemetry.isSet());
        }
    }
}
