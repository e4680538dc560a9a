package io.hybridwasm.examples.cli;

import io.hybridwasm.examples.corpus.CorpusGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hybrid gen-corpus}: a labelled VAD corpus of espeak-ng speech in noise. */
@Command(name = "gen-corpus", mixinStandardHelpOptions = true, description = {"Write labelled clips (NAME.wav + NAME.txt Audacity labels) of espeak-ng "
        + "speech over eight kinds of noise at 0-20 dB SNR, or clean. Needs espeak-ng on PATH."})
final class GenCorpusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write (created if absent).")
    Path dir;

    @Option(names = "--clips", defaultValue = "40", description = "Number of clips (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same corpus (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", defaultValue = "12s", converter = DurationConverter.class,
            description = "Length of each clip (default: ${DEFAULT-VALUE}).")
    Duration duration;

    private final PrintStream out;

    GenCorpusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        List<CorpusGenerator.Clip> written = CorpusGenerator.builder().clips(clips).seed(seed).duration(duration).build()
                .generate(dir);
        double speech = written.stream().flatMap(c -> c.labels().stream()).mapToDouble(l -> l.end() - l.start()).sum();
        out.printf("wrote %d clips to %s (%.0f s of labelled speech in %d s of audio)%n",
                written.size(), dir, speech, written.size() * duration.toSeconds());
        return 0;
    }
}
