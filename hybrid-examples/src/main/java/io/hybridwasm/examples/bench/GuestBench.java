package io.hybridwasm.examples.bench;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same guest, entry and input in Node's V8 and in Hybrid ({@link WasmNode#process}), each
 * driven the ABI's way (alloc, copy in, call, read the output, free), in one run. V8 is warmed
 * until its median stops improving; Hybrid for the whole warm-up, because Truffle compiles in
 * the background and on a busy machine a flat median can hide a compilation still queued; prints p50/p99 of each and Hybrid / V8. Skips V8 with a line saying so when
 * {@code node} is not on the PATH.
 */
public final class GuestBench {
    private static final Pattern FIELD = Pattern.compile("\"(p50_us|p99_us|mean_us|warmup_ms)\":([0-9.eE+-]+)");
    private static final Pattern OUTPUT = Pattern.compile("\"output_hex\":\"([0-9a-f]*)\"");

    private final GuestWorkload workload;
    private final Duration maxWarmUp;
    private final int calls;
    private final PrintStream out;

    public GuestBench(GuestWorkload workload, Duration maxWarmUp, int calls, PrintStream out) {
        this.workload = workload;
        this.maxWarmUp = maxWarmUp;
        this.calls = calls;
        this.out = out;
    }

    public void run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hybrid-bench-guest");
        try {
            Path module = Files.write(dir.resolve(workload.name()), workload.binary());
            Path driver = dir.resolve("guest-v8.mjs");
            try (InputStream in = GuestBench.class.getResourceAsStream("/bench/guest-v8.mjs")) {
                Files.copy(in, driver);
            }
            String node = nodeVersion();
            WasmConfig config = WasmConfig.builder(workload.source()).entryFunction(workload.entry()).maxInstances(1)
                    .callTimeout(Duration.ofMinutes(1)).build();
            try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().build(); WasmNode wasm = runtime.load(config)) {
                out.printf(Locale.ROOT, "%s `%s`: Hybrid (%s, warm-up %s) vs V8 (%s, warm-up to a plateau), %d timed calls%n",
                        workload.name(), workload.entry(), runtime.description(), maxWarmUp,
                        node == null ? "absent" : "node " + node, calls);
                for (byte[] input : workload.inputs()) {
                    Path inputFile = Files.write(dir.resolve("input-" + input.length + ".bin"), input);
                    String[] v8Output = new String[1];
                    double[] v8 = node == null ? null : v8(driver, module, inputFile, v8Output);
                    Duration warm = Plateau.warm(() -> wasm.process(input), maxWarmUp, maxWarmUp);
                    Latencies hybrid = Plateau.time(() -> wasm.process(input), calls);
                    out.printf(Locale.ROOT, "  %6d B  Hybrid  %s   [warm-up %.1f s]%n", input.length, hybrid.summary(),
                            warm.toMillis() / 1000.0);
                    if (v8 == null) {
                        out.println("          V8      skipped: `node` is not on the PATH (install Node.js 20 to compare)");
                        continue;
                    }
                    out.printf(Locale.ROOT, "          V8      p50 %8.1f µs   p99 %8.1f µs   mean %8.1f µs   [warm-up %.1f s]%n",
                            v8[0], v8[1], v8[2], v8[3] / 1000);
                    out.printf(Locale.ROOT, "          Hybrid / V8: p50 %.2fx   p99 %.2fx%n",
                            hybrid.percentileMicros(50) / v8[0], hybrid.percentileMicros(99) / v8[1]);
                    if (!HexFormat.of().formatHex(wasm.process(input)).equals(v8Output[0])) {
                        out.println("          WARNING: the outputs differ (V8 " + v8Output[0] + "), so the timings are not comparable");
                    }
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private double[] v8(Path driver, Path module, Path input, String[] output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", driver.toString(), module.toString(), workload.entry(), input.toString(),
                Long.toString(maxWarmUp.toMillis()), Integer.toString(calls)).redirectErrorStream(true).start();
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(maxWarmUp.toSeconds() + 120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the V8 driver failed: " + result.strip());
        }
        Matcher o = OUTPUT.matcher(result);
        output[0] = o.find() ? o.group(1) : "";
        double[] v = new double[4];
        Matcher m = FIELD.matcher(result);
        while (m.find()) {
            int i = switch (m.group(1)) {
                case "p50_us" -> 0;
                case "p99_us" -> 1;
                case "mean_us" -> 2;
                default -> 3;
            };
            v[i] = Double.parseDouble(m.group(2));
        }
        return v;
    }

    /** Node's version, or null when {@code node} cannot be started. */
    static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
