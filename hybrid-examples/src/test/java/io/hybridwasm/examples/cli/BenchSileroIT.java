package io.hybridwasm.examples.cli;

import org.junit.jupiter.api.Test;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `hybrid bench silero` runs both detectors over the audio and reports each; timings are printed, never asserted. */
class BenchSileroIT {

    @Test
    void reportsSileroStatelessSessionAndTheDspDetector() {
        ThirdPartyPluginIT.Result r = run("bench", "silero", "--seconds", "2", "--rounds", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("2 s of 16 kHz audio (speech-like, noise, silence) in 4 chunks of 0.50 s"), r.out());
        assertTrue(r.out().contains("VoiceActivityDetector (Silero), stateless calls")
                && r.out().contains("(2 runs per scored window)"), r.out());
        assertTrue(r.out().contains("VoiceActivityDetector (Silero), one session"), r.out());
        assertTrue(r.out().contains("DspVoiceActivityDetector, stateless calls"), r.out());
        assertTrue(r.out().contains("Silero on one core: stateless "), r.out());
    }

    @Test
    void aNonPositiveDurationIsABadUsage() {
        ThirdPartyPluginIT.Result r = run("bench", "silero", "--seconds", "0");
        assertEquals(HybridCli.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("hybrid: ") && r.err().contains("--seconds") && r.err().contains("0.0 s"), r.err());
    }

    /** A chunk of less than a sample once made the bench add calls of no audio until memory ran out. */
    @Test
    void aChunkTooShortToHoldAudioIsABadUsage() {
        ThirdPartyPluginIT.Result r = run("bench", "silero", "--seconds", "1", "--chunk", "0.01ms");
        assertEquals(HybridCli.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("hybrid: --chunk 0.010 ms: expected at least 20 ms"), r.err());
    }
}
