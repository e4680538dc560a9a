package io.hybridwasm.examples.e2e;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.WasmNode;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.eval.EvalMode;
import io.hybridwasm.examples.vad.VadVerdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.patterns;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's four communication patterns, end to end: a real wasm guest (built from
 * {@code wasm-src/remote_patterns} and {@code intelligent_vad}) on GraalWasm, the gRPC bridge,
 * and a real {@link io.hybridwasm.services.HybridServer} on loopback.
 */
class RemotePatternsIT extends LoopbackServerAndRuntime {
    @Test
    void simpleCallReturnsTheRemoteResultIntoGuestMemory() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "Echo").build())) {
            assertEquals("hello, remote", text(node.process(input("hello, remote".getBytes(StandardCharsets.UTF_8), "Echo"))));
        }
    }

    @Test
    void largeResultIsFetchedAfterBufferTooSmallWithTheRemoteWorkRunOnce() {
        byte[] payload = new byte[60_000];
        new Random(7).nextBytes(payload);
        try (WasmNode node = runtime.load(patterns("call_service_raw", target, "Echo").build())) {
            long before = server.stats().executeCalls("Echo");
            byte[] out = node.process(input(payload, "Echo", "16"));
            String prefix = "needed=60000;";
            assertEquals(prefix, new String(out, 0, prefix.length(), StandardCharsets.US_ASCII));
            assertArrayEquals(payload, java.util.Arrays.copyOfRange(out, prefix.length(), out.length));
            assertEquals(before + 1, server.stats().executeCalls("Echo"), "the retry must not call the service again");
        }
    }

    @Test
    void streamDeliversEveryChunkToTheServer() throws Exception {
        byte[] payload = new byte[64 * 1000];
        new Random(3).nextBytes(payload);
        try (WasmNode node = runtime.load(patterns("stream", target, "Echo").build())) {
            long chunksBefore = server.stats().streamChunks("Echo");
            long bytesBefore = server.stats().streamBytes("Echo");
            long streamsBefore = server.stats().streamsOpened("Echo");
            assertEquals("64", text(node.process(input(payload, "Echo", "1000"))));
            assertEquals("64", text(node.process(input(payload, "Echo", "1000"))));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.stats().streamChunks("Echo") < chunksBefore + 128 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(chunksBefore + 128, server.stats().streamChunks("Echo"));
            assertEquals(bytesBefore + 2L * payload.length, server.stats().streamBytes("Echo"));
            assertEquals(streamsBefore + 1, server.stats().streamsOpened("Echo"), "one long-lived stream per (instance, service)");
        }
    }

    @Test
    void sessionStateLivesOnTheServerAcrossCalls() {
        try (WasmNode node = runtime.load(patterns("session_call", target, "SessionCounter").build())) {
            String first = text(node.process(input(new byte[0], "user-42", "SessionCounter")));
            String second = text(node.process(input(new byte[0], "user-42", "SessionCounter")));
            String sessionId = first.substring(0, first.indexOf('\n'));
            assertFalse(sessionId.isBlank());
            assertTrue(first.endsWith("\"calls\":1}"), first);
            assertEquals(sessionId, second.substring(0, second.indexOf('\n')), "same local id, same server session");
            assertTrue(second.endsWith("\"calls\":2}"), second);
            String other = text(node.process(input(new byte[0], "user-43", "SessionCounter")));
            assertNotEquals(sessionId, other.substring(0, other.indexOf('\n')));
            assertTrue(other.endsWith("\"calls\":1}"), other);
        }
    }

    @Test
    void fallbackKeepsConfidentLocalVerdictsAndAsksTheServerWhenUnsure() throws IOException {
        try (WasmNode node = runtime.load(Guests.config(Guests.INTELLIGENT_VAD, "process_with_remote", target,
                "VoiceActivityDetector").build())) {
            long before = server.stats().executeCalls("VoiceActivityDetector");
            VadVerdict speech = VadVerdict.parse(node.process(espeakSpeech()));
            VadVerdict silence = VadVerdict.parse(node.process(TestSignal.SILENCE.pcm(1, 42)));
            assertEquals(before, server.stats().executeCalls("VoiceActivityDetector"), "confident verdicts stay local");
            VadVerdict noise = VadVerdict.parse(node.process(EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(1, 42))));
            assertEquals(new VadVerdict(true, speech.confidence(), "local", java.util.OptionalInt.empty()), speech);
            assertFalse(silence.isSpeech());
            assertEquals("local", silence.source());
            assertEquals("remote", noise.source());
            assertFalse(noise.isSpeech(), "the remote VAD knows white noise is not speech");
            assertEquals(before + 1, server.stats().executeCalls("VoiceActivityDetector"));
        }
    }

    @Test
    void fallbackKeepsTheLocalVerdictWhenTheServerIsDown() {
        try (WasmNode node = runtime.load(Guests.config(Guests.INTELLIGENT_VAD, "process_with_remote",
                "127.0.0.1:" + FreePorts.closed(), "VoiceActivityDetector").build())) {
            VadVerdict noise = VadVerdict.parse(node.process(EvalMode.Band.ALWAYS_REMOTE.prefix(TestSignal.NOISE.pcm(1, 42))));
            assertEquals("local", noise.source());
            assertEquals(-1, noise.remoteStatus().orElseThrow(), "connection refused: NETWORK_ERROR");
        }
    }

    @Test
    void guestStatusReachesTheJavaCaller() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "Fail").build())) {
            GuestStatusException e = assertThrows(GuestStatusException.class, () -> node.process(input(new byte[1], "Fail")));
            assertEquals(-9, e.code());
        }
    }

    /** 1 s of espeak-ng speech as f32 PCM: the edge VAD's own test fixture (16-bit LE, 16 kHz). */
    private static byte[] espeakSpeech() throws IOException {
        byte[] s16 = Files.readAllBytes(
                Path.of("../wasm-src/intelligent_vad/tests-data/espeak-seven-hundred.s16"));
        ByteBuffer in = ByteBuffer.wrap(s16).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(s16.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putFloat(in.getShort() / 32768f);
        }
        return out.array();
    }
}
