package io.hybridwasm.examples.cli;

import io.hybridwasm.examples.audio.TestSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

        ThirdPartyPluginIT.Result yes = run("run", VAD, "--function", "process_with_remote", "--input", speech.toString());
        assertEquals(0, yes.exit(), yes.err());
        assertTrue(yes.out().startsWith("{\"is_speech\":true,") && yes.out().contains("\"source\":\"local\""), yes.out());

        ThirdPartyPluginIT.Result no = run("run", VAD, "--function", "process_with_remote", "--input", silence.toString());
        assertEquals(0, no.exit(), no.err());
        assertTrue(no.out().startsWith("{\"is_speech\":false,"), no.out());
    }

    @Test
    void ambiguousInputWithoutAServerKeepsTheLocalVerdictAndSaysWhy() throws IOException {
        byte[] pcm = TestSignal.NOISE.pcm(1, 42);
        // the guest's band header (-1, 2): every confidence is inconclusive, so the guest asks the remote side
        byte[] input = java.nio.ByteBuffer.allocate(12 + pcm.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {0x48, 0x42, (byte) 0xC1, 0x7F}).putFloat(-1).putFloat(2).put(pcm).array();
        Path noise = Files.write(dir.resolve("noise.f32"), input);
        ThirdPartyPluginIT.Result r = run("run", VAD, "--function", "process_with_remote", "--input", noise.toString(),
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

        ThirdPartyPluginIT.Result badFunction = run("run", VAD, "--function", "nope", "--input", VAD);
        assertEquals(HybridCli.EXIT_HYBRID, badFunction.exit());
        assertTrue(badFunction.err().contains("nope"), badFunction.err());

        ThirdPartyPluginIT.Result usage = run("run", VAD, "--memory-limit", "lots");
        assertEquals(HybridCli.EXIT_USAGE, usage.exit());
        assertTrue(usage.err().contains("lots"), usage.err());

        Path odd = Files.write(dir.resolve("odd.bin"), new byte[5]);
        ThirdPartyPluginIT.Result oddInput = run("run", VAD, "--function", "process_with_remote", "--input", odd.toString());
        assertTrue(oddInput.exit() != 0, "a byte count that is not whole float32 samples is rejected");
        assertTrue(oddInput.err().contains("-8") || oddInput.err().contains("INVALID_ARGUMENT"), oddInput.err());
    }

    @Test
    void demoShowsBothLocalAndRemoteVerdictsOnAnEmbeddedServer() {
        ThirdPartyPluginIT.Result demo = run("demo");
        assertEquals(0, demo.exit(), demo.err());
        // the edge model is sure that stationary white noise is not speech, so every chunk stays local
        assertTrue(demo.out().lines().anyMatch(l -> l.matches("\\d+\\s+noise\\s+false.*local.*")), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.matches("\\d+\\s+speech\\s+true.*local.*")), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.matches("\\d+\\s+silence\\s+false.*local.*")), demo.out());
        assertTrue(demo.out().contains("Processed 10 chunks: 10 decided locally"), demo.out());
    }
}
