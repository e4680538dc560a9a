package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.corpus.LabelledClip;
import io.hybridwasm.examples.eval.ChunkVerdict;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.eval.EvalResult;
import io.hybridwasm.examples.eval.HtmlReport;
import io.hybridwasm.examples.eval.ScoreTable;
import io.hybridwasm.examples.eval.VadEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hybrid eval vad}: the intelligent_vad guest scored per mode on a labelled corpus. */
@Command(name = "vad", mixinStandardHelpOptions = true, description = {"Run every chunk of a labelled corpus (NAME.wav + NAME.txt) through the "
        + "intelligent_vad guest locally, remotely and hybrid; print precision, recall, F1, accuracy, share sent "
        + "remote and latency per mode and per file."})
final class EvalVadCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Directory of NAME.wav + NAME.txt.")
    Path corpus;

    @Option(names = "--chunk", paramLabel = "DURATION", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Chunk length (default: ${DEFAULT-VALUE}).")
    Duration chunk;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "all",
            description = "local, remote, hybrid or all (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--remote", paramLabel = "HOST:PORT",
            description = "Server with the VoiceActivityDetector; default: an embedded server on a free loopback port.")
    String remote;

    @Option(names = "--band", paramLabel = "LO,HI", defaultValue = "0.3,0.7",
            description = "Uncertain band of the hybrid: asks remote when LO < confidence < HI (default: ${DEFAULT-VALUE}).")
    String band;

    @Option(names = "--verdicts", paramLabel = "FILE.jsonl", description = "Write one JSON line per chunk and mode.")
    Path verdicts;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report.")
    Path report;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Untimed calls per mode first, so latencies are the JIT's (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--module", paramLabel = "FILE.wasm",
            description = "Guest to evaluate (default: the built-in intelligent_vad).")
    Path module;

    @Mixin
    TelemetryOptions telemetry;

    private final PrintStream out;

    EvalVadCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        List<EvalMode> modes = switch (mode) {
            case "all" -> List.of(EvalMode.values());
            case "local" -> List.of(EvalMode.LOCAL);
            case "remote" -> List.of(EvalMode.REMOTE);
            case "hybrid" -> List.of(EvalMode.HYBRID);
            default -> throw new IllegalArgumentException("--mode " + mode + ": expected local, remote, hybrid or all");
        };
        VadEvaluation.Builder evaluation = VadEvaluation.builder().modes(modes).band(EvalMode.Band.parse(band))
                .chunk(chunk).warmUp(warmUp);
        if (module != null) {
            evaluation.module(ModuleSource.of(module));
        }
        List<LabelledClip> clips = LabelledClip.loadAll(corpus);
        try (Telemetry _ = telemetry.start(); WasmRuntime runtime = Hybrid.newRuntime()) {
            EmbeddedServer.with(remote, out, target -> {
                EvalResult result = evaluation.runtime(runtime).target(target).clips(clips).build().run();
                ScoreTable.print(result, out);
                if (verdicts != null) {
                    ChunkVerdict.writeJsonLines(result.verdicts(), verdicts);
                }
                if (report != null) {
                    HtmlReport.write(result, report);
                    out.println("report: " + report.toAbsolutePath());
                }
            });
        }
        return 0;
    }
}
