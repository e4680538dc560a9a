package io.hybridwasm.examples.vad;

import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.corpus.CorpusGenerator;
import io.hybridwasm.examples.corpus.LabelledClip;
import io.hybridwasm.examples.eval.ChunkVerdict;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.eval.EvalResult;
import io.hybridwasm.examples.eval.Scores;
import io.hybridwasm.examples.eval.Truth;
import io.hybridwasm.examples.eval.VadEvaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The hybrid VAD demo: a few labelled clips of espeak-ng speech in noise (made on the spot by
 * the {@link CorpusGenerator}) go chunk by chunk through the {@code intelligent_vad} guest
 * alone, through the remote {@code VoiceActivityDetector} alone, and through the hybrid that
 * asks remote only when unsure. Each chunk's truth is printed beside the three verdicts, then
 * the three F1 figures and the share of chunks the hybrid sent remote. It is the path
 * {@code hybrid eval vad} measures, on a handful of clips.
 */
public final class HybridVadExample {
    /** Class-path location of the guest, built from {@code wasm-src/intelligent_vad}. */
    public static final String MODULE_RESOURCE = "modules/intelligent_vad.wasm";
    /** Seed of the demo's clips; the edge VAD is fitted on seed 1 and tuned on seed 2, never on these. */
    static final long SEED = 3;
    /** Clip numbers: music at 5 dB, fan at 10 dB, clean speech, babble at 10 dB (see {@link CorpusGenerator.Builder#only}). */
    private static final int[] CLIPS = {5, 6, 9, 13};
    private static final Duration CLIP_LENGTH = Duration.ofSeconds(6);

    private HybridVadExample() {
    }

    /** Runs the demo against the server at {@code target}, printing to {@code out}. */
    public static EvalResult run(WasmRuntime runtime, String target, PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("hybrid-demo");
        try {
            out.println("Speaking " + CLIPS.length + " labelled clips with espeak-ng into " + dir + " ...");
            CorpusGenerator.builder().seed(SEED).only(CLIPS).duration(CLIP_LENGTH).build().generate(dir);
            List<LabelledClip> clips = LabelledClip.loadAll(dir);
            out.println("Warming up until the JIT has compiled the guest, then one call per chunk and mode...");
            EvalResult result = VadEvaluation.builder().runtime(runtime).target(target).clips(clips)
                    .warmUp(Duration.ofSeconds(2)).build().run();
            printChunks(result, out);
            printSummary(result, out);
            return result;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void printChunks(EvalResult result, PrintStream out) {
        out.printf(Locale.ROOT, "%n%-22s %-9s %-6s  %-12s %-12s %-19s%n", "clip", "seconds", "truth", "local", "remote", "hybrid");
        for (LabelledClip clip : result.clips()) {
            List<ChunkVerdict> local = result.verdicts(clip.file(), EvalMode.LOCAL);
            List<ChunkVerdict> remote = result.verdicts(clip.file(), EvalMode.REMOTE);
            List<ChunkVerdict> hybrid = result.verdicts(clip.file(), EvalMode.HYBRID);
            for (int i = 0; i < local.size(); i++) {
                ChunkVerdict l = local.get(i);
                out.printf(Locale.ROOT, "%-22s %4.1f-%-4.1f %-6s  %-12s %-12s %-12s %s%n",
                        clip.file().replace(".wav", ""), l.startS(), l.endS(), truth(l.truth()),
                        said(l), said(remote.get(i)), said(hybrid.get(i)), hybrid.get(i).verdict().source());
            }
        }
        out.println("(* = wrong; truth '?' = 10-50 % speech, not scored)");
    }

    private static String truth(Truth t) {
        return switch (t) {
            case SPEECH -> "speech";
            case NON_SPEECH -> "-";
            case EXCLUDED -> "?";
        };
    }

    private static String said(ChunkVerdict v) {
        boolean wrong = v.truth() != Truth.EXCLUDED && !v.correct();
        return String.format(Locale.ROOT, "%-6s %.2f%s", v.verdict().isSpeech() ? "speech" : "-",
                v.verdict().confidence(), wrong ? "*" : "");
    }

    private static void printSummary(EvalResult result, PrintStream out) {
        var scores = result.overall();
        out.println();
        for (Scores s : scores.values()) {
            out.printf(Locale.ROOT, "%-6s F1 %.3f  accuracy %.3f  sent remote %5.1f %%  p50 %.2f ms%n", s.mode().label(),
                    s.f1(), s.accuracy(), 100 * s.remoteShare(), s.p50Millis());
        }
        Scores hybrid = scores.get(EvalMode.HYBRID);
        out.printf(Locale.ROOT, "The hybrid asked the remote detector for %.0f %% of the chunks (band %s-%s).%n",
                100 * hybrid.remoteShare(), result.band().lo(), result.band().hi());
        out.println("Score a whole corpus: ./hybrid gen-corpus DIR && ./hybrid eval vad --corpus DIR --report report.html");
    }
}
