package io.hybridwasm.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code inventory.v1.Stock} served by Python's grpcio ({@code src/test/python/stock_server.py})
 * from the build's descriptor set, reflection off: a gRPC server in another language that
 * only a descriptor set describes. Stops when closed (its stdin is closed).
 */
final class PythonStockServer implements AutoCloseable {
    /** Written by the protobuf-maven-plugin from {@code src/main/proto/inventory/v1/stock.proto}. */
    static final Path DESCRIPTOR_SET = Path.of("target/generated-resources/protobuf/descriptor-sets/inventory.pb");
    private static final Path SCRIPT = Path.of("src/test/python/stock_server.py");

    private final Process process;
    private final int port;

    private PythonStockServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PythonStockServer start() throws IOException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, SCRIPT.toString(), DESCRIPTOR_SET.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null || !line.matches("\\d+")) {
            process.destroyForcibly();
            throw new IllegalStateException(SCRIPT + " did not print its port (got " + line + "); it needs Debian's"
                    + " python3-grpcio and python3-protobuf (see its stderr above)");
        }
        return new PythonStockServer(process, Integer.parseInt(line));
    }

    String target() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
