package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.vad.HybridVadExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code hybrid demo}: the hybrid VAD example, against {@code --remote} or an embedded server. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {"The hybrid VAD on espeak-ng speech in noise: truth, local, remote and hybrid "
        + "verdicts per chunk, then F1 per mode and the share sent remote. Needs espeak-ng on PATH."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--remote", paramLabel = "HOST:PORT",
            description = "Server to verify with; default: an embedded server on a free loopback port.")
    String remote;

    @Mixin
    TelemetryOptions telemetry;

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        try (Telemetry _ = telemetry.start(); WasmRuntime runtime = Hybrid.newRuntime()) {
            out.println(runtime.description());
            EmbeddedServer.with(remote, out, target -> HybridVadExample.run(runtime, target, out));
        }
        return 0;
    }
}
