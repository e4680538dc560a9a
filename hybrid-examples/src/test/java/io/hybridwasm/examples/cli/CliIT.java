package io.hybridwasm.examples.cli;

import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.audio.WavFile;
import io.hybridwasm.examples.audio.WavFileTest;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The `hybrid` command line, run in-process on the committed guests. */
class CliIT {
    static final String VAD = "../wasm-src/modules/intelligent_vad.wasm";

    @TempDir
    Path dir;

    @Test
    void runPrintsTheVerdictForSpeechAndSilence() throws IOException {
        Path speech = dir.resolve("speech.f32");
        Path silence = dir.resolve("silence.f32");
        assertEquals(0, run("gen-audio", "--kind", "speech", "-o", speech.toString()).exit());
        assertEquals(0, run("gen-audio", "--kind", "silence", "-o", silence.toString()).exit());
        assertEquals(64_000, Files.size(speech));

        ThirdPartyPluginIT.Result yes = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", speech.toString());
        assertEquals(0, yes.exit(), yes.err());
        assertTrue(yes.out().startsWith("{\"is_speech\":true,") && yes.out().contains("\"source\":\"local\""), yes.out());

        ThirdPartyPluginIT.Result no = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", silence.toString());
        assertEquals(0, no.exit(), no.err());
        assertTrue(no.out().startsWith("{\"is_speech\":false,"), no.out());
    }

    @Test
    void ambiguousInputWithoutAServerKeepsTheLocalVerdictAndSaysWhy() throws IOException {
        Path noise = Files.write(dir.resolve("noise.f32"), EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(1, 42)));
        ThirdPartyPluginIT.Result r = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", noise.toString(),
                "--allow", "VoiceActivityDetector");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"source\":\"local\"") && r.out().contains("\"remote_status\":-5"), r.out());
    }

    @Test
    void failuresAreOneLineAndNonZero() throws IOException {
        ThirdPartyPluginIT.Result missing = run("run", dir.resolve("nope.wasm").toString(), "--input", VAD);
        assertEquals(HybridCli.EXIT_HYBRID, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("hybrid: ") && missing.err().contains("nope.wasm"), missing.err());

        ThirdPartyPluginIT.Result badFunction = run("run", VAD, "--timeout", "60s", "--function", "nope", "--input", VAD);
        assertEquals(HybridCli.EXIT_HYBRID, badFunction.exit());
        assertTrue(badFunction.err().contains("nope"), badFunction.err());

        ThirdPartyPluginIT.Result usage = run("run", VAD, "--timeout", "60s", "--memory-limit", "lots");
        assertEquals(HybridCli.EXIT_USAGE, usage.exit());
        assertTrue(usage.err().contains("lots"), usage.err());

        Path odd = Files.write(dir.resolve("odd.bin"), new byte[5]);
        ThirdPartyPluginIT.Result oddInput = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", odd.toString());
        assertTrue(oddInput.exit() != 0, "a byte count that is not whole float32 samples is rejected");
        assertTrue(oddInput.err().contains("-8") || oddInput.err().contains("INVALID_ARGUMENT"), oddInput.err());
    }

    @Test
    void runReadsWavAndRefusesWhatItCannotReadWhileTheServerStaysUp() throws IOException {
        float[] speech = TestSignal.SPEECH.samples(1.0, 7);
        Path wav = dir.resolve("speech.wav");
        WavFile.write16(wav, speech, 16_000);
        Path stereo = Files.write(dir.resolve("stereo.wav"), WavFileTest.wav(1, 2, 16_000, 16, new byte[64]));
        try (HybridServer server = HybridServer.builder().port(0).build().start()) {
            String target = "127.0.0.1:" + server.port();
            ThirdPartyPluginIT.Result bad = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", stereo.toString(),
                    "--remote", target, "--allow", "VoiceActivityDetector");
            assertEquals(HybridCli.EXIT_USAGE, bad.exit());
            assertEquals("hybrid: --input " + stereo + ": 2 channels, expected mono", bad.err().strip());

            ThirdPartyPluginIT.Result good = run("run", VAD, "--timeout", "60s", "--function", "process_with_remote", "--input", wav.toString(),
                    "--remote", target, "--allow", "VoiceActivityDetector");
            assertEquals(0, good.exit(), good.err());
            assertTrue(good.out().startsWith("{\"is_speech\":true,"), good.out());
            assertFalse(server.isShutdown());
        }
    }

    @Test
    void everyCommandExplainsItselfAndAMissingOptionPointsToTheRightHelp() {
        for (List<String> command : List.of(List.of("run"), List.of("serve"), List.of("demo"), List.of("gen-audio"),
                List.of("gen-corpus"), List.of("eval"), List.of("eval", "vad"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            ThirdPartyPluginIT.Result help = run(args.toArray(String[]::new));
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().startsWith("Usage: hybrid " + String.join(" ", command)), help.out());
        }
        ThirdPartyPluginIT.Result missing = run("eval", "vad");
        assertEquals(HybridCli.EXIT_USAGE, missing.exit());
        assertEquals("hybrid: Missing required option: '--corpus=DIR' (see hybrid eval vad --help)", missing.err().strip());
    }

    @Test
    void evalRefusesACorpusFileItCannotReadNamingIt() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path loud = Files.write(corpus.resolve("cd.wav"), WavFileTest.wav(1, 1, 44_100, 16, new byte[64]));
        Files.writeString(corpus.resolve("cd.txt"), "0.1\t0.2\tspeech\n");
        ThirdPartyPluginIT.Result r = run("eval", "vad", "--corpus", corpus.toString());
        assertEquals(HybridCli.EXIT_USAGE, r.exit());
        assertEquals("hybrid: " + loud + ": sample rate 44100 Hz, expected 16000", r.err().strip());

        ThirdPartyPluginIT.Result band = run("eval", "vad", "--corpus", corpus.toString(), "--band", "0.7,0.3");
        assertEquals(HybridCli.EXIT_USAGE, band.exit());
        assertTrue(band.err().contains("--band"), band.err());
    }

    @Test
    void demoShowsTruthBesideLocalRemoteAndHybridVerdictsAndTheirF1() {
        ThirdPartyPluginIT.Result demo = run("demo");
        assertEquals(0, demo.exit(), demo.err());
        List<String> rows = demo.out().lines()
                .filter(l -> l.matches("s\\d+-\\d{3}-\\S+\\s+\\d+\\.\\d-\\d+\\.\\d\\s+(speech|-|\\?)\\s+.*\\s(local|remote)")).toList();
        assertEquals(4 * 12, rows.size(), demo.out());
        assertTrue(rows.stream().anyMatch(l -> l.endsWith("remote")) && rows.stream().anyMatch(l -> l.endsWith("local")), demo.out());
        assertTrue(rows.stream().anyMatch(l -> l.contains("clean")) && rows.stream().anyMatch(l -> l.contains("babble")), demo.out());
        for (String mode : List.of("local", "remote", "hybrid")) {
            assertTrue(demo.out().lines().anyMatch(l -> l.matches(mode + "\\s+F1 [01]\\.\\d{3} .*sent remote.*")), demo.out());
        }
        assertTrue(demo.out().contains("The hybrid asked the remote detector for"), demo.out());
    }
}
