package io.hybridwasm.examples.cli;

import io.hybridwasm.examples.corpus.CorpusGenerator;
import io.hybridwasm.examples.corpus.SpeechSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hybrid gen-corpus}: a labelled VAD corpus of espeak-ng or recorded speech in noise. */
@Command(name = "gen-corpus", mixinStandardHelpOptions = true, description = {"Write labelled clips (NAME.wav + NAME.txt Audacity labels) of speech "
        + "over nine kinds of noise at 0-20 dB SNR, or clean. Needs espeak-ng, sox and the Debian packages "
        + "sound-theme-freedesktop (alert noise) and, for --speech recorded, alsa-utils."})
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

    @Option(names = "--speech", defaultValue = "espeak", converter = SpeechConverter.class,
            description = "espeak (synthetic, what the edge VAD is fitted on), recorded (real voice prompts "
                    + "from alsa-utils and sound-theme-freedesktop; never fit on it) or mixed (the two in turns of"
                    + " ten clips) (default: ${DEFAULT-VALUE}).")
    SpeechSource speech;

    @Option(names = "--sounds", defaultValue = "/usr/share/sounds", paramLabel = "DIR",
            description = "Where alsa/ and freedesktop/stereo/ are (default: ${DEFAULT-VALUE}).")
    Path sounds;

    private final PrintStream out;

    GenCorpusCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        List<CorpusGenerator.Clip> written = CorpusGenerator.builder().clips(clips).seed(seed).duration(duration)
                .speech(speech).sounds(sounds).build()
                .generate(dir);
        double speech = written.stream().flatMap(c -> c.labels().stream()).mapToDouble(l -> l.end() - l.start()).sum();
        out.printf("wrote %d clips to %s (%.0f s of labelled speech in %d s of audio)%n",
                written.size(), dir, speech, written.size() * duration.toSeconds());
        return 0;
    }

    /** {@code espeak} or {@code recorded}, in lower case as the help shows them. */
    static final class SpeechConverter implements CommandLine.ITypeConverter<SpeechSource> {
        @Override
        public SpeechSource convert(String value) {
            return switch (value) {
                case "espeak" -> SpeechSource.ESPEAK;
                case "recorded" -> SpeechSource.RECORDED;
                case "mixed" -> SpeechSource.MIXED;
                default -> throw new CommandLine.TypeConversionException("--speech " + value + ": expected espeak, recorded or mixed");
            };
        }
    }
}
