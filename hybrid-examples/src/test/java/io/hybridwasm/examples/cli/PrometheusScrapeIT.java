package io.hybridwasm.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.vad.HybridVadExample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 10's Prometheus acceptance: a real Prometheus (Debian's {@code prometheus}, run as our
 * own process on loopback with a temporary config and storage) scrapes {@code hybrid serve
 * --metrics-port} (a separate JVM) every second while the VAD guest calls the server's
 * VoiceActivityDetector; PromQL through Prometheus's HTTP API then returns the calls by
 * hosted service and status, exactly as many as were made, and a latency histogram.
 * Skipped, saying so, only when the prometheus binary is absent.
 */
class PrometheusScrapeIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final int CALLS = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes.reversed()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void prometheusSeesCallsByServiceAndStatusAndALatencyHistogram() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "skipped: no Prometheus at " + PROMETHEUS
                + " (apt-get install prometheus)");
        int metricsPort = freePort();
        Process serve = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HybridCli.class.getName(),
                "serve", "--port", "0", "--metrics-port", Integer.toString(metricsPort)));
        int prometheusPort = freePort();
        startPrometheus(metricsPort, prometheusPort);
        int grpcPort = servingPort(serve);

        try (WasmRuntime runtime = Hybrid.newRuntime();
             WasmNode node = runtime.load(WasmConfig.builder(ModuleSource.ofResource(HybridVadExample.MODULE_RESOURCE,
                             PrometheusScrapeIT.class.getClassLoader()))
                     .entryFunction(EvalMode.REMOTE.entry())
                     .allowService("VoiceActivityDetector")
                     .remote(RemoteConfig.builder().target("127.0.0.1:" + grpcPort).deadline(Duration.ofSeconds(60)).build())
                     .callTimeout(Duration.ofSeconds(90))
                     .build())) {
            byte[] chunk = EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.SPEECH.pcm(0.5, 7));
            for (int i = 0; i < CALLS; i++) {
                String verdict = new String(node.process(chunk), StandardCharsets.UTF_8);
                assertTrue(verdict.contains("\"source\":\"remote\""), verdict);
            }
        }

        JsonArray byServiceAndStatus = queryUntil(prometheusPort,
                "sum by (hybrid_service, grpc_status) (hybrid_server_call_duration_seconds_count)", CALLS);
        assertEquals(1, byServiceAndStatus.size(), byServiceAndStatus.toString());
        JsonObject series = byServiceAndStatus.get(0).getAsJsonObject();
        JsonObject labels = series.getAsJsonObject("metric");
        assertEquals("VoiceActivityDetector", labels.get("hybrid_service").getAsString(), series.toString());
        assertEquals("OK", labels.get("grpc_status").getAsString(), series.toString());

        JsonArray median = query(prometheusPort, "histogram_quantile(0.5, sum by (le) "
                + "(hybrid_server_call_duration_seconds_bucket{hybrid_service=\"VoiceActivityDetector\"}))");
        assertEquals(1, median.size(), median.toString());
        double seconds = value(median.get(0).getAsJsonObject());
        assertTrue(seconds > 0 && seconds < 60, "median call latency " + seconds + " s");

        // gRPC records its own metric after the response is written, ours before: a scrape can fall between.
        queryUntil(prometheusPort, "sum(grpc_server_call_duration_seconds_count"
                + "{grpc_method=\"hybrid.v1.RemoteExecution/Execute\",grpc_status=\"OK\"})", CALLS);
    }

    private void startPrometheus(int metricsPort, int listenPort) throws IOException {
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: hybrid
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metricsPort));
        start(List.of(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + listenPort));
    }

    /** Polls the instant query until its first series reaches {@code expected}; fails with the last answer. */
    private JsonArray queryUntil(int port, String promql, int expected) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        JsonArray result = new JsonArray();
        while (System.nanoTime() < end) {
            try {
                result = query(port, promql);
                if (!result.isEmpty() && value(result.get(0).getAsJsonObject()) >= expected) {
                    assertEquals(expected, (int) value(result.get(0).getAsJsonObject()), result.toString());
                    return result;
                }
            } catch (IOException notUpYet) {
                // Prometheus still starting
            }
            Thread.sleep(500);
        }
        return fail("Prometheus never returned " + expected + " for " + promql + "; last answer " + result);
    }

    private JsonArray query(int port, String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("success", body.get("status").getAsString(), response.body());
        return body.getAsJsonObject("data").getAsJsonArray("result");
    }

    private static double value(JsonObject series) {
        return Double.parseDouble(series.getAsJsonArray("value").get(1).getAsString());
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /** The gRPC port from serve's banner ("... on 127.0.0.1:PORT ..."), after which its metrics port is bound too. */
    private static int servingPort(Process serve) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        Pattern banner = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) ");
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = banner.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return fail("hybrid serve exited without saying where it listens");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
