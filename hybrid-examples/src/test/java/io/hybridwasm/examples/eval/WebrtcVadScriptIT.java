package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.audio.WavFile;
import io.hybridwasm.examples.cli.HybridCli;
import io.hybridwasm.examples.corpus.CorpusGenerator;
import io.hybridwasm.examples.corpus.Label;
import io.hybridwasm.examples.corpus.SpeechSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/webrtc-vad.sh} (WebRTC's VAD, libfvad as WASM under node) against the eval it
 * imitates, on a small generated corpus (espeak-ng and recorded speech, in babble and clean) plus
 * a float32 copy of one clip and a clip of digital silence labelled at the truth rule's edges: it
 * must score exactly the chunks
 * {@code hybrid eval vad} scores (same files, times and truth counts), print the scores its own
 * verdicts give under the eval's {@link Truth}, read float32 WAV as the 16-bit original, and
 * refuse a wrong sample rate naming the file. Runs {@code npm ci} on first use (npm registry).
 */
class WebrtcVadScriptIT {
    private static final Path SCRIPT = Path.of("../scripts/webrtc-vad.sh");
    private static final Pattern SUMMARY = Pattern.compile(
            "(?m)^(\\d+) files, (\\d+) chunks of ([0-9.]+) s per mode, (\\d+) scored \\((\\d+) speech, (\\d+) non-speech\\)");
    private static final Pattern LINE = Pattern.compile("\\{\"file\":\"([^\"]+)\",\"start_s\":([0-9.]+),\"end_s\":([0-9.]+),"
            + "\"mode\":\"(local|webrtc)\",\"is_speech\":(true|false),\"confidence\":([0-9.E-]+),\"source\":\"local\"}");
    private static final String FLOAT_COPY = "float-copy.wav";
    private static final String SILENCE = "silence.wav";
    /**
     * Labels on the silent clip's four chunks at the truth rule's edges: 15 % (unscored); 10 % that
     * is a hair above in binary (non-speech, by the tolerance); two overlapping labels summing to
     * 50 % whose union is 40 % (speech: overlaps add up, as in Truth); 49 % (unscored).
     */
    private static final String BOUNDARY_LABELS = "0\t0.075\tspeech\n0.5\t0.55\tspeech\n1.0\t1.2\tspeech\n"
            + "1.1\t1.15\tspeech\n1.5\t1.745\tspeech\n";

    @TempDir
    static Path dir;
    static Path corpus;
    static String evalOut;
    static Run script;
    static String original;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void evaluateBoth() throws Exception {
        corpus = dir.resolve("corpus");
        List<CorpusGenerator.Clip> clips = CorpusGenerator.builder().speech(SpeechSource.MIXED).seed(11).only(3, 9, 13, 19)
                .duration(Duration.ofSeconds(6)).build().generate(corpus);
        original = clips.get(2).name() + ".wav";
        writeFloat32(corpus.resolve(FLOAT_COPY), WavFile.read16kMono(corpus.resolve(original)));
        Files.copy(corpus.resolve(clips.get(2).name() + ".txt"), corpus.resolve("float-copy.txt"));
        WavFile.write16(corpus.resolve(SILENCE), new float[2 * WavFile.SAMPLE_RATE], WavFile.SAMPLE_RATE);
        Files.writeString(corpus.resolve("silence.txt"), BOUNDARY_LABELS);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HybridCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "eval", "vad", "--corpus", corpus.toString(), "--mode", "local", "--warm-up", "0s",
                "--verdicts", dir.resolve("eval.jsonl").toString());
        evalOut = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        script = script(corpus.toString(), "--verdicts", dir.resolve("webrtc.jsonl").toString());
        assertEquals(0, script.exit(), script.err());
    }

    @Test
    void scoresExactlyTheChunksTheEvalScores() throws IOException {
        Matcher eval = SUMMARY.matcher(evalOut);
        Matcher webrtc = SUMMARY.matcher(script.out());
        assertTrue(eval.find(), evalOut);
        assertTrue(webrtc.find(), script.out());
        for (int g = 1; g <= 6; g++) {
            assertEquals(eval.group(g), webrtc.group(g), "files, chunks, chunk length, scored, speech, non-speech\n"
                    + evalOut + "\n" + script.out());
        }
        List<String> evalChunks = chunks(read("eval.jsonl"));
        assertEquals(evalChunks, chunks(read("webrtc.jsonl")), "the same files and times, in the same order");
        assertEquals(5 * 12 + 4, evalChunks.size(), "five 6 s clips and 2 s of silence in 0.5 s chunks");
        List<Label> edges = Label.read(corpus.resolve("silence.txt"));
        assertEquals(List.of(Truth.EXCLUDED, Truth.NON_SPEECH, Truth.SPEECH, Truth.EXCLUDED),
                List.of(0, 1, 2, 3).stream().map(i -> Truth.of(edges, i * 0.5, i * 0.5 + 0.5)).toList(), "the edge cases are there");
    }

    @Test
    void printsTheScoresItsVerdictsGiveUnderTheEvalsTruth() throws IOException {
        Map<String, int[]> perFile = new LinkedHashMap<>(); // tp, fp, tn, fn
        int[] all = new int[4];
        for (Matcher m : read("webrtc.jsonl")) {
            double confidence = Double.parseDouble(m.group(6));
            boolean said = Boolean.parseBoolean(m.group(5));
            assertEquals(Math.rint(confidence * 16), confidence * 16, 1e-12, "a share of 16 whole 30 ms frames: " + m.group());
            assertEquals(confidence >= 0.5, said, "speech when at least half the frames are voiced: " + m.group());
            Truth truth = Truth.of(Label.read(corpus.resolve(m.group(1).replace(".wav", ".txt"))),
                    Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
            if (truth == Truth.EXCLUDED) {
                perFile.computeIfAbsent(m.group(1), f -> new int[4]);
                continue;
            }
            int cell = truth == Truth.SPEECH ? (said ? 0 : 3) : (said ? 1 : 2);
            perFile.computeIfAbsent(m.group(1), f -> new int[4])[cell]++;
            all[cell]++;
        }
        assertTrue(all[0] > 0 && all[2] > 0, "some speech found and some non-speech passed: " + script.out());
        String row = String.format(Locale.ROOT, "%-7s %9s %7s %6s %8s %6.1f%%", "webrtc", ScoreTable.fixed(precision(all)),
                ScoreTable.fixed(recall(all)), ScoreTable.fixed(f1(all)), ScoreTable.fixed(accuracy(all)), 0.0);
        assertTrue(script.out().lines().anyMatch(l -> l.startsWith(row)), "precision, recall, F1, accuracy recomputed: " + row
                + "\n" + script.out());
        perFile.forEach((file, c) -> assertTrue(script.out().lines().anyMatch(l -> l.equals(String.format(Locale.ROOT,
                "%-28s %15s", file, ScoreTable.fixed(f1(c)) + "/" + ScoreTable.fixed(accuracy(c))))),
                file + " F1/accuracy recomputed\n" + script.out()));
    }

    @Test
    void judgesAFloat32CopyAsItsPcmOriginalAndDigitalSilenceAsNonSpeech() throws IOException {
        List<String> copy = new ArrayList<>();
        List<String> pcm = new ArrayList<>();
        for (Matcher m : read("webrtc.jsonl")) {
            String verdict = m.group(2) + " " + m.group(5) + " " + m.group(6);
            if (m.group(1).equals(FLOAT_COPY)) {
                copy.add(verdict);
            } else if (m.group(1).equals(original)) {
                pcm.add(verdict);
            } else if (m.group(1).equals(SILENCE)) {
                assertEquals("false 0.0", m.group(5) + " " + m.group(6), m.group());
            }
        }
        assertEquals(12, pcm.size());
        assertEquals(pcm, copy);
    }

    @Test
    void refusesAWrongSampleRateNamingTheFile() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        WavFile.write16(bad.resolve("a.wav"), new float[44_100], 44_100);
        Files.writeString(bad.resolve("a.txt"), "0\t0.5\tspeech\n");
        Run run = script(bad.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("webrtc-vad: " + bad.resolve("a.wav") + ": sample rate 44100 Hz, expected 16000", run.err().strip());
        Run missing = script(dir.resolve("nowhere").toString());
        assertEquals("webrtc-vad: --corpus " + dir.resolve("nowhere") + ": no such directory", missing.err().strip());
    }

    private static Run script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "webrtc-vad.sh did not finish");
        String errText = Files.readString(err).lines().filter(l -> !l.contains("installing @echogarden"))
                .reduce("", (a, b) -> a + b + "\n");
        return new Run(p.exitValue(), Files.readString(out), errText.strip().isEmpty() ? "" : errText);
    }

    private static List<Matcher> read(String name) throws IOException {
        List<Matcher> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(name))) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            lines.add(m);
        }
        return lines;
    }

    private static List<String> chunks(List<Matcher> lines) {
        return lines.stream().map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3)).toList();
    }

    private static void writeFloat32(Path file, float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * samples.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1)
                .putInt(WavFile.SAMPLE_RATE).putInt(4 * WavFile.SAMPLE_RATE).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4 * samples.length);
        for (float s : samples) {
            b.putFloat(s);
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double precision(int[] c) {
        return ratio(c[0], c[0] + c[1]);
    }

    private static double recall(int[] c) {
        return ratio(c[0], c[0] + c[3]);
    }

    private static double f1(int[] c) {
        return ratio(2.0 * c[0], 2.0 * c[0] + c[1] + c[3]);
    }

    private static double accuracy(int[] c) {
        return ratio(c[0] + c[2], c[0] + c[1] + c[2] + c[3]);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
