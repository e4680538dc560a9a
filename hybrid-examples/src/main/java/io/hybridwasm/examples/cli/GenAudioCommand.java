package io.hybridwasm.examples.cli;

import io.hybridwasm.examples.audio.TestSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hybrid gen-audio}: writes deterministic test audio (16 kHz float32 LE PCM). */
@Command(name = "gen-audio", mixinStandardHelpOptions = true, description = "Write synthetic 16 kHz float32 PCM: speech, silence or noise.")
final class GenAudioCommand implements Callable<Integer> {

    @Option(names = "--kind", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--seconds", defaultValue = "1", description = "Length (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "42", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
    Path output;

    private final PrintStream out;

    GenAudioCommand(PrintStream out) {
        this.out = out;
    }

    enum Kind { speech, silence, noise }

    @Override
    public Integer call() throws IOException {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new IllegalArgumentException("--seconds must be in (0, 3600], was " + seconds);
        }
        byte[] pcm = TestSignal.valueOf(kind.name().toUpperCase(java.util.Locale.ROOT)).pcm(seconds, seed);
        if (output == null) {
            out.write(pcm);
            out.flush();
        } else {
            Files.write(output, pcm);
        }
        return 0;
    }
}
