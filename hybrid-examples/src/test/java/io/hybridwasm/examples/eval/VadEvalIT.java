package io.hybridwasm.examples.eval;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.cli.HybridCli;
import io.hybridwasm.examples.corpus.LabelledClip;
import io.hybridwasm.services.builtin.VoiceActivityDetector;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceSession;
import io.hybridwasm.examples.corpus.CorpusGenerator;
import io.hybridwasm.examples.corpus.Label;
import io.hybridwasm.examples.corpus.SpeechSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hybrid eval vad} end to end on a small corpus nobody tunes on (seed 11): the real
 * guest, the real embedded server, real recorded speech (the edge VAD is fitted on espeak-ng,
 * so this is the honest test) over every noise kind. Recomputes the scores from the verdicts
 * file and asserts what the hybrid exists for: Silero alone scores above the edge VAD alone,
 * and the hybrid, asking the remote side for at most 30 % of the chunks, scores above the edge
 * VAD and at least 0.98 × Silero alone; each of its verdicts is exactly the local mode's or
 * Silero's in the clip's session after the audio the guest had not sent it (up to 2 s, the
 * guest's context). Also checks that the HTML report renders in Chromium.
 *
 * <p>Issue 7 words the ordering as remote ≥ hybrid > local. On this held-out set the hybrid
 * scores above Silero alone (F1 0.953 against 0.939: Silero's false alarms on alert sounds and
 * music, which the edge VAD rejects confidently), so the test asserts what the hybrid promises,
 * hybrid ≥ 0.98 × remote, rather than a ceiling this set does not show.
 */
class VadEvalIT {
    private static final long SEED = 11;
    private static final int CLIPS = 20;
    /** The most unheard audio the guest sends before a chunk it asks about: 2 s. */
    private static final int CONTEXT_SAMPLES = 32_000;
    private static final Pattern LINE = Pattern.compile("\\{\"file\":\"([^\"]+)\",\"start_s\":([0-9.]+),\"end_s\":([0-9.]+),"
            + "\"mode\":\"(local|remote|hybrid)\",\"is_speech\":(true|false),\"confidence\":(-?[0-9.Ee-]+),\"source\":\"(local|remote)\"}");
    private static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    static Path dir;
    static Path corpus;
    static String stdout;

    @BeforeAll
    static void evaluate() throws IOException {
        corpus = dir.resolve("corpus");
        CorpusGenerator.builder().speech(SpeechSource.RECORDED).seed(SEED).clips(CLIPS).duration(Duration.ofSeconds(8)).build().generate(corpus);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HybridCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "eval", "vad", "--corpus", corpus.toString(), "--warm-up", "0s",
                "--verdicts", dir.resolve("v.jsonl").toString(), "--report", dir.resolve("report.html").toString());
        stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void hybridBeatsLocalAndKeepsUpWithRemoteAskingForAMinorityAndComposesTheTwoVerdicts() throws IOException {
        Map<String, List<Label>> labels = new HashMap<>();
        Map<EvalMode, int[]> counts = new EnumMap<>(EvalMode.class); // tp, fp, fn, remote, chunks
        Map<String, String> verdicts = new HashMap<>(); // "mode file start" -> "is_speech confidence"
        List<String[]> hybridChunks = new java.util.ArrayList<>(); // file, start, source, verdict
        for (String line : Files.readAllLines(dir.resolve("v.jsonl"))) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            String file = m.group(1);
            List<Label> truth = labels.computeIfAbsent(file, f -> read(corpus.resolve(f.replace(".wav", ".txt"))));
            Truth t = Truth.of(truth, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
            boolean said = Boolean.parseBoolean(m.group(5));
            EvalMode mode = EvalMode.valueOf(m.group(4).toUpperCase());
            int[] c = counts.computeIfAbsent(mode, k -> new int[5]);
            c[0] += t == Truth.SPEECH && said ? 1 : 0;
            c[1] += t == Truth.NON_SPEECH && said ? 1 : 0;
            c[2] += t == Truth.SPEECH && !said ? 1 : 0;
            c[3] += "remote".equals(m.group(7)) ? 1 : 0;
            c[4]++;
            String verdict = m.group(5) + " " + m.group(6);
            verdicts.put(m.group(4) + " " + file + " " + m.group(2), verdict);
            if (mode == EvalMode.HYBRID) {
                hybridChunks.add(new String[] {file, m.group(2), m.group(7), verdict});
            }
        }
        assertEquals(CLIPS, labels.size());
        for (EvalMode mode : EvalMode.values()) {
            assertEquals(CLIPS * 16, counts.get(mode)[4], "every 0.5 s chunk of every 8 s clip once per mode");
        }
        double local = f1(counts.get(EvalMode.LOCAL));
        double remote = f1(counts.get(EvalMode.REMOTE));
        double hybrid = f1(counts.get(EvalMode.HYBRID));
        String figures = "F1 local " + local + ", remote " + remote + ", hybrid " + hybrid + "\n" + stdout;
        assertTrue(remote > local, figures);
        assertTrue(hybrid > local, figures);
        assertTrue(hybrid >= 0.98 * remote, figures);
        assertEquals(0, counts.get(EvalMode.LOCAL)[3], "local mode never asks remote");
        assertEquals(counts.get(EvalMode.REMOTE)[4], counts.get(EvalMode.REMOTE)[3], "remote mode always asks remote");
        int sentRemote = counts.get(EvalMode.HYBRID)[3];
        assertTrue(sentRemote > 0 && sentRemote <= 0.3 * counts.get(EvalMode.HYBRID)[4], "hybrid asks remote for some, at most 30 %: " + figures);
        // local: the local mode's verdict; remote: Silero's in the clip's session, after the audio it had not heard
        Map<String, LabelledClip> clips = new HashMap<>();
        LabelledClip.loadAll(corpus).forEach(c -> clips.put(c.file(), c));
        VoiceActivityDetector silero = new VoiceActivityDetector();
        silero.start();
        try {
            Map<String, ServiceSession> sessions = new HashMap<>();
            Map<String, Integer> heardUpTo = new HashMap<>();
            for (String[] chunk : hybridChunks) {
                String expected;
                if ("local".equals(chunk[2])) {
                    expected = verdicts.get("local " + chunk[0] + " " + chunk[1]);
                } else {
                    int from = (int) Math.round(Double.parseDouble(chunk[1]) * 16_000);
                    int contextFrom = Math.max(heardUpTo.getOrDefault(chunk[0], 0), from - CONTEXT_SAMPLES);
                    expected = sessionVerdict(silero, sessions.computeIfAbsent(chunk[0], ServiceSession::new),
                            clips.get(chunk[0]).samples(), contextFrom, from);
                    heardUpTo.put(chunk[0], from + 8000);
                }
                String[] want = expected.split(" ");
                String[] got = chunk[3].split(" ");
                assertEquals(want[0], got[0], "hybrid chunk " + chunk[0] + " @" + chunk[1] + " s is the " + chunk[2] + " verdict");
                assertEquals(Double.parseDouble(want[1]), Double.parseDouble(got[1]), 0.0006,
                        "hybrid chunk " + chunk[0] + " @" + chunk[1] + " s is the " + chunk[2] + " verdict");
            }
        } finally {
            silero.stop();
        }
        assertTrue(stdout.lines().anyMatch(l -> l.startsWith("hybrid ")), stdout);
    }

    /**
     * "is_speech confidence" of the detector's answer in {@code session} for the 0.5 s chunk at
     * sample {@code from}, sent behind the context {@code samples[contextFrom, from)}, as the guest
     * sends it.
     */
    private static String sessionVerdict(VoiceActivityDetector silero, ServiceSession session, float[] samples,
            int contextFrom, int from) {
        float[] chunk = Arrays.copyOfRange(samples, from, from + 8000);
        byte[] payload = from == contextFrom ? TestSignal.toPcm(chunk)
                : VoiceActivityDetector.contextPayload(Arrays.copyOfRange(samples, contextFrom, from), chunk);
        String json = silero.execute(ServiceCall.of(PayloadEncoding.RAW, payload).withSession(session)).text();
        Matcher m = Pattern.compile("^\\{\"is_speech\":(true|false),\"confidence\":([0-9.]+),").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1) + " " + m.group(2);
    }

    @Test
    void theReportIsSelfContainedAndRendersInHeadlessChromium() throws Exception {
        Path report = dir.resolve("report.html");
        String html = Files.readString(report);
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="), "no scripts, no fetched resources");
        assertEquals(CLIPS, html.split("<svg ").length - 1, "one picture per file");

        assertTrue(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is missing: install the Debian package chromium");
        Path png = dir.resolve("report.png");
        Process chromium = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--screenshot=" + png,
                "--window-size=1000,1200", report.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue(), Files.readString(dir.resolve("chromium.log")));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1000, image.getWidth());
        for (String colour : List.of(HtmlReport.SPEECH, HtmlReport.SILENCE)) {
            assertTrue(contains(image, Integer.parseInt(colour.substring(1), 16)), "lanes drawn in " + colour);
        }
    }

    private static boolean contains(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double f1(int[] c) {
        return 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]);
    }

    private static List<Label> read(Path file) {
        try {
            return Label.read(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
