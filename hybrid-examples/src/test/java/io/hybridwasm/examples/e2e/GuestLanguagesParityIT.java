package io.hybridwasm.examples.e2e;

import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same scenario through the Rust, C and AssemblyScript parity guests ({@code wasm-src/parity_rust},
 * {@code wasm-src/c/examples/parity_c.c}, {@code wasm-src/assemblyscript/examples/parity_as.ts}) on
 * real GraalWasm against real servers on loopback: simple call, small buffer, stream, calls in a
 * session (per call, {@code call_remote_in_session}), batch, and every status a guest can meet,
 * down to a session lost to a server restart. The transcripts must be byte-identical, and the
 * Rust one must be the expected one.
 */
class GuestLanguagesParityIT {
    private static final String[] ALLOWED = {"Echo", "Nope", "Fail", "Sleep", "SessionCounter"};
    private static final String BATCH = String.join("\n", "Echo\t16\tfirst", "Secret\t16\tx", "Nope\t16\tx",
            "Echo\t4\ttoo long", "Fail\t16\tx", "Sleep\t16\t10");

    private static HybridServer server;
    private static HybridServer locked;
    private static WasmRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        server = HybridServer.builder().port(0).diagnostics(true).build().start();
        locked = HybridServer.builder().port(0).accessPolicy(AccessPolicy.singleToken("not-presented")).build().start();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        locked.close();
        server.close();
    }

    @Test
    void rustCAndAssemblyScriptGuestsGiveIdenticalTranscripts() throws IOException {
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (String guest : new String[] {"parity_rust", "parity_c", "parity_as"}) {
            transcripts.put(guest, scenario(Guests.resource("modules/" + guest + ".wasm")));
        }
        assertEquals(expected(), transcripts.get("parity_rust"));
        assertEquals(transcripts.get("parity_rust"), transcripts.get("parity_c"), "C differs from Rust");
        assertEquals(transcripts.get("parity_rust"), transcripts.get("parity_as"), "AssemblyScript differs from Rust");
    }

    @Test
    void theCAndAssemblyScriptVadExamplesDecideLocallyAskWhenUnsureAndFallBackAlike() {
        String target = "127.0.0.1:" + server.port();
        String down = "127.0.0.1:" + FreePorts.closed();
        for (String guest : new String[] {"vad_fallback_c", "vad_fallback_as"}) {
            ModuleSource module = Guests.resource("modules/" + guest + ".wasm");
            try (WasmNode up = node(module, "process", target, b -> b.allowedServices(java.util.Set.of("VoiceActivityDetector")));
                 WasmNode dead = node(module, "process", down, b -> b.allowedServices(java.util.Set.of("VoiceActivityDetector")))) {
                long before = server.stats().executeCalls("VoiceActivityDetector");
                assertEquals("{\"is_speech\":true,\"confidence\":0.881,\"source\":\"local\"}",
                        text(up.process(TestSignal.SPEECH.pcm(1, 42))), guest);
                assertEquals(before, server.stats().executeCalls("VoiceActivityDetector"), guest + ": sure, so local");
                String unsure = text(up.process(TestSignal.NOISE.pcm(1, 42)));
                assertTrue(unsure.matches("\\{\"is_speech\":false,\"confidence\":0\\.\\d{3},\"source\":\"remote\","
                        + "\"local_confidence\":0\\.470}"), guest + ": " + unsure);
                assertEquals(before + 1, server.stats().executeCalls("VoiceActivityDetector"));
                String fallback = text(dead.process(TestSignal.NOISE.pcm(1, 42)));
                assertTrue(fallback.matches("\\{\"is_speech\":false,\"confidence\":0\\.470,\"source\":\"local\","
                        + "\"remote_status\":-\\d+}"), guest + ": " + fallback);
            }
        }
    }

    private static final String OVER_1024 = "0123456789".repeat(150);

    private static String expected() {
        String hundred = "0123456789".repeat(10);
        return "## simple\ncall 0 13\nhello, parity"
                + "## small buffer\ncall -3 100\ncall 0 100\n" + hundred
                + "## stream\nstream 0 3\n"
                + "## session\nsession 0 32\nin_session 0 59\n{\"session_id\":\"*\",\"calls\":1}"
                + "in_session 0 59\n{\"session_id\":\"*\",\"calls\":2}"
                + "## session, result over 1024 bytes\nin_session 0 1500\n" + OVER_1024
                + "## -11 session never opened\nin_session -11\n"
                + "## batch\nbatch 0\n0 5 first\n-4 0 \n-5 0 \n-3 8 \n-9 0 \n0 2 10\n"
                + "## batch over the entry limit\nbatch -10\n"
                + "## hostile arguments\nbad_pointer -8\nbad_utf8 -8\n"
                + "## -4 not allowed\ncall -4\n"
                + "## -5 unknown service\ncall -5\n"
                + "## -9 remote error\ncall -9\n"
                + "## -6 timeout\ncall -6\n"
                + "## -10 too large\ncall -10\n"
                + "## -1 then -2 (circuit open)\ncall -1\ncall -2\n"
                + "## -7 unauthenticated\ncall -7\n"
                + "## -11 session expired (server restarted)\nsession 0 32\nin_session 0 59\n"
                + "{\"session_id\":\"*\",\"calls\":1}in_session -11\nin_session -11\n"
                + "session 0 32\nin_session 0 59\n{\"session_id\":\"*\",\"calls\":1}";
    }

    private static String scenario(ModuleSource module) throws IOException {
        String target = "127.0.0.1:" + server.port();
        StringBuilder out = new StringBuilder();
        try (WasmNode call = node(module, "call", target, b -> b);
             WasmNode stream = node(module, "stream", target, b -> b);
             WasmNode session = node(module, "session", target, b -> b);
             WasmNode batch = node(module, "batch", target, b -> b);
             WasmNode badPointer = node(module, "bad_pointer", target, b -> b);
             WasmNode badUtf8 = node(module, "bad_utf8", target, b -> b)) {
            step(out, "simple", call, "Echo", "64", "1", "hello, parity");
            step(out, "small buffer", call, "Echo", "8", "10", "0123456789");
            step(out, "stream", stream, "Echo", "4", "abcdefghij");
            step(out, "session", session, "1", "parity", "SessionCounter", "");
            out.append(run(session, "0", "parity", "SessionCounter", ""));
            long echoes = server.stats().executeCalls("Echo");
            step(out, "session, result over 1024 bytes", session, "0", "parity", "Echo", OVER_1024);
            assertEquals(echoes + 1, server.stats().executeCalls("Echo"), "the host kept the result: Echo ran once");
            step(out, "-11 session never opened", session, "0", "other", "SessionCounter", "");
            out.append("## batch\n").append(text(batch.process(BATCH.getBytes(StandardCharsets.UTF_8))));
            out.append("## batch over the entry limit\n").append(text(batch.process(
                    "Echo\t1\tx\n".repeat(65).getBytes(StandardCharsets.UTF_8))));
            out.append("## hostile arguments\n").append(text(badPointer.process(new byte[0])))
                    .append(text(badUtf8.process(new byte[0])));
            step(out, "-4 not allowed", call, "Secret", "16", "1", "x");
            step(out, "-5 unknown service", call, "Nope", "16", "1", "x");
            step(out, "-9 remote error", call, "Fail", "16", "1", "x");
        }
        try (WasmNode slow = node(module, "call", target, b -> b.remote(
                RemoteConfig.builder().target(target).deadline(Duration.ofMillis(300)).build()))) {
            step(out, "-6 timeout", slow, "Sleep", "16", "1", "2000");
        }
        try (WasmNode small = node(module, "call", target, b -> b.maxMessageSize(1024))) {
            step(out, "-10 too large", small, "Echo", "16", "2", "x".repeat(600));
        }
        String down = "127.0.0.1:" + FreePorts.closed();
        RemotePolicy tripOnFirstFailure = RemotePolicy.builder().maxAttempts(1)
                .circuitBreaker(1, Duration.ofMinutes(1)).build();
        try (WasmNode dead = node(module, "call", down, b -> b.remote(
                RemoteConfig.builder().target(down).deadline(Duration.ofSeconds(8)).policy(tripOnFirstFailure).build()))) {
            step(out, "-1 then -2 (circuit open)", dead, "Echo", "16", "1", "x");
            out.append(run(dead, "Echo", "16", "1", "x"));
        }
        try (WasmNode unauthenticated = node(module, "call", "127.0.0.1:" + locked.port(), b -> b)) {
            step(out, "-7 unauthenticated", unauthenticated, "Echo", "16", "1", "x");
        }
        sessionLostToARestart(module, out);
        return out.toString();
    }

    /** -11 once the server restarted, -11 again without a call, then a fresh session from zero. */
    private static void sessionLostToARestart(ModuleSource module, StringBuilder out) throws IOException {
        HybridServer first = restartable(0);
        int port = first.port();
        try (WasmNode session = node(module, "session", "127.0.0.1:" + port, b -> b)) {
            step(out, "-11 session expired (server restarted)", session, "1", "parity", "SessionCounter", "");
            first.close();
            try (HybridServer second = restartable(port)) {
                out.append(run(session, "0", "parity", "SessionCounter", ""));
                long reached = second.stats().executeCalls("SessionCounter");
                out.append(run(session, "0", "parity", "SessionCounter", ""));
                assertEquals(reached, second.stats().executeCalls("SessionCounter"), "the host forgot the session");
                out.append(run(session, "1", "parity", "SessionCounter", ""));
            }
        } finally {
            first.close();
        }
    }

    private static HybridServer restartable(int port) throws IOException {
        return HybridServer.builder().bindAddress("127.0.0.1").port(port).shutdownGracePeriod(Duration.ZERO).build()
                .start();
    }

    private static WasmNode node(ModuleSource module, String entry, String target, UnaryOperator<WasmConfig.Builder> tweak) {
        return runtime.load(tweak.apply(Guests.config(module, entry, target, ALLOWED)).build());
    }

    private static void step(StringBuilder out, String name, WasmNode node, String... headersThenPayload) {
        out.append("## ").append(name).append('\n').append(run(node, headersThenPayload));
    }

    /** The node's output for header lines and a final text payload; server session ids masked. */
    private static String run(WasmNode node, String... headersThenPayload) {
        int last = headersThenPayload.length - 1;
        String[] headers = java.util.Arrays.copyOf(headersThenPayload, last);
        String output = text(node.process(input(headersThenPayload[last].getBytes(StandardCharsets.UTF_8), headers)));
        return output.replaceAll("\"session_id\":\"[^\"]*\"", "\"session_id\":\"*\"");
    }
}
