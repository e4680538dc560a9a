package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.vad.HybridVadExample;
import io.hybridwasm.services.HybridServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code hybrid demo}: the hybrid VAD example, against {@code --remote} or an embedded server. */
@Command(name = "demo", description = "Run the hybrid VAD example: local VAD in WASM, remote check when unsure.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--remote", paramLabel = "HOST:PORT",
            description = "Server to verify with; default: an embedded server on a free loopback port.")
    String remote;

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws java.io.IOException {
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            if (remote != null) {
                HybridVadExample.run(runtime, remote, out);
                return 0;
            }
            try (HybridServer server = HybridServer.builder().port(0).build().start()) {
                String target = "127.0.0.1:" + server.port();
                out.println("Embedded services server on " + target + "; " + runtime.description());
                HybridVadExample.run(runtime, target, out);
            }
        }
        return 0;
    }
}
