package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.audio.WavFile;
import io.hybridwasm.spi.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code hybrid run}: one module, one input, output bytes on stdout. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a WebAssembly module's entry function on an input; print its output.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODULE.wasm", description = "The module to run.")
    Path module;

    @Option(names = "--function", defaultValue = WasmConfig.DEFAULT_ENTRY,
            description = "Entry function (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--input", paramLabel = "FILE|-", defaultValue = "-",
            description = "Input bytes; '-' reads stdin (default). A WAV file (16 kHz mono, 16-bit PCM or float32) "
                    + "is passed on as float32 PCM.")
    String input;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = "64MiB", converter = ByteSizeConverter.class,
            description = "Most linear memory the module may use (default: ${DEFAULT-VALUE}).")
    long memoryLimit;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Most time the call may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--allow", split = ",", paramLabel = "SERVICE",
            description = "Remote services the module may call, or gRPC methods: pkg.Service/Method, pkg.Service/* (default: none).")
    List<String> allow = List.of();

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load every jar in DIR; their host functions and resolvers join discovery.")
    Path plugins;

    @Option(names = "--allow-interpreter",
            description = "Run even when the JIT is off (about 100x slower).")
    boolean allowInterpreter;

    @Mixin
    RemoteOptions remote;

    @Mixin
    TelemetryOptions telemetry;

    private final PrintStream out;

    RunCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        byte[] bytes = readInput();
        ClassLoader parent = RunCommand.class.getClassLoader();
        RuntimeOptions options = RuntimeOptions.defaults()
                .withPluginLoader(plugins == null ? parent : PluginDirectory.loader(plugins, parent))
                .withAllowInterpreter(allowInterpreter);
        WasmConfig config = WasmConfig.builder(ModuleSource.of(module))
                .entryFunction(function)
                .memoryLimitBytes(memoryLimit)
                .callTimeout(timeout)
                .allowedServices(new LinkedHashSet<>(allow))
                .remote(remote.toConfig(Optional.empty()))
                .maxInstances(1)
                .build();
        try (Telemetry _ = telemetry.start(); WasmRuntime runtime = Hybrid.newRuntime(options);
             WasmNode node = runtime.load(config)) {
            out.write(node.process(bytes));
            out.flush();
        }
        return 0;
    }

    private byte[] readInput() throws IOException {
        if ("-".equals(input)) {
            InputStream in = System.in;
            return in.readAllBytes();
        }
        byte[] bytes = Files.readAllBytes(Path.of(input));
        if (WavFile.looksLikeWav(bytes) || input.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            String name = "--input " + input;
            return TestSignal.toPcm(WavFile.require16kMono(WavFile.decode(bytes, name), name));
        }
        return bytes;
    }
}
