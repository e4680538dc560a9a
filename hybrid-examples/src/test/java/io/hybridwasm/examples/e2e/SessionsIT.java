package io.hybridwasm.examples.e2e;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hybridwasm.examples.e2e.Guests.SESSION_CLIENT;
import static io.hybridwasm.examples.e2e.Guests.config;
import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions that outlive their server (docs/abi.md, "Sessions"), end to end: the
 * {@code session_client} guest (built from {@code wasm-src/session_client}, importing
 * {@code call_remote_in_session}) on GraalWasm, the gRPC bridge, and real
 * {@link HybridServer}s on loopback. The guest reports {@code reopened} when a call in its
 * session got -11 and it opened a fresh session; {@code SessionCounter} answers how many calls
 * its session has seen, so the server's per-session state is observable.
 */
class SessionsIT {
    private static final Pattern ANSWER = Pattern.compile(
            "(ok|reopened)\\n\\{\"session_id\":\"([0-9a-f]+)\",\"calls\":(\\d+)}");

    private static WasmRuntime runtime;
    private final List<HybridServer> servers = new ArrayList<>();

    @BeforeAll
    static void startRuntime() {
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(HybridServer::close);
    }

    @Test
    void aRestartIsReportedOnceAndTheGuestCarriesOnInAFreshSession() {
        HybridServer first = start(0, Duration.ofMinutes(5));
        int port = first.port();
        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "in_session", "127.0.0.1:" + port,
                "SessionCounter").build())) {
            Answer one = call(node);
            assertEquals(new Answer("ok", one.session(), 1), one);
            assertEquals(new Answer("ok", one.session(), 2), call(node));

            first.close();
            start(port, Duration.ofMinutes(5));

            Answer afterRestart = call(node);
            assertEquals("reopened", afterRestart.how(), "the guest saw -11 and opened a new session");
            assertNotEquals(one.session(), afterRestart.session());
            assertEquals(1, afterRestart.calls(), "the new session starts from fresh state");
            assertEquals(new Answer("ok", afterRestart.session(), 2), call(node), "-11 came once");
        }
    }

    @Test
    void anExpiredSessionIsReportedAndReopened() throws InterruptedException {
        Duration idle = Duration.ofSeconds(1);
        HybridServer server = start(0, idle);
        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "in_session", "127.0.0.1:" + server.port(),
                "SessionCounter").build())) {
            Answer before = call(node); // "ok", or "reopened" if warming up took longer than the idle time
            Thread.sleep(idle.toMillis() * 3 / 2); // unused past the server's idle timeout: the session is gone
            Answer expired = call(node);
            assertEquals("reopened", expired.how());
            assertNotEquals(before.session(), expired.session());
            assertEquals(1, expired.calls(), "the new session starts from fresh state");
        }
    }

    @Test
    void everyCallOfASessionReachesTheReplicaThatOwnsItWhilePlainCallsSpread() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add("127.0.0.1:" + start(0, Duration.ofMinutes(5)).port());
        }
        String target = "static:///" + String.join(",", addresses);
        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "in_session", target, "SessionCounter").build())) {
            Answer first = call(node);
            for (int i = 2; i <= 100; i++) {
                assertEquals(new Answer("ok", first.session(), i), call(node));
            }
        }
        List<Long> sessionCalls = servers.stream().map(s -> s.stats().executeCalls("SessionCounter")).toList();
        assertEquals(100L, sessionCalls.stream().mapToLong(Long::longValue).max().orElseThrow(), sessionCalls.toString());
        assertEquals(100L, sessionCalls.stream().mapToLong(Long::longValue).sum(), "no call reached another replica");

        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "plain", target, "Echo").build())) {
            for (int i = 0; i < 30; i++) {
                assertEquals("hi", text(node.process(input("hi".getBytes(), "conv", "Echo"))));
            }
        }
        long replicasUsed = servers.stream().filter(s -> s.stats().executeCalls("Echo") > 0).count();
        assertTrue(replicasUsed > 1, "plain calls stay load-balanced, reached " + replicasUsed + " replica(s)");
    }

    @Test
    void whenTheOwningReplicaDiesTheNextCallReportsItAndTheSessionReopensOnALiveOne() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add("127.0.0.1:" + start(0, Duration.ofMinutes(5)).port());
        }
        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "in_session", "static:///" + String.join(",", addresses),
                "SessionCounter").build())) {
            Answer first = call(node);
            assertEquals(new Answer("ok", first.session(), 2), call(node));
            HybridServer owner = servers.stream().filter(s -> s.stats().executeCalls("SessionCounter") > 0)
                    .findFirst().orElseThrow();
            owner.close();

            Answer moved = call(node);
            assertEquals("reopened", moved.how(), "the owner's state is gone: -11, then a new session");
            assertEquals(1, moved.calls());
            assertEquals(new Answer("ok", moved.session(), 2), call(node));
            assertEquals(1, servers.stream().filter(s -> s != owner && s.stats().executeCalls("SessionCounter") == 2)
                    .count(), "the new session lives on one live replica");
        }
    }

    @Test
    void aPlainCallAfterGetRemoteSessionCarriesNoSession() {
        HybridServer server = start(0, Duration.ofMinutes(5));
        try (WasmNode node = runtime.load(config(SESSION_CLIENT, "plain", "127.0.0.1:" + server.port(),
                "SessionCounter").build())) {
            // SessionCounter refuses a call without a session (FAILED_PRECONDITION, -9): the
            // legacy ambient session would have made this call count 1 instead.
            GuestStatusException e = assertThrows(GuestStatusException.class,
                    () -> node.process(input(new byte[0], "conv", "SessionCounter")));
            assertEquals(-9, e.code());
            assertEquals(1L, server.stats().executeCalls("SessionCounter"), "the call reached the server, once");
        }
    }

    private static Answer call(WasmNode node) {
        String out = text(node.process(input(new byte[0], "conv", "SessionCounter")));
        Matcher m = ANSWER.matcher(out);
        assertTrue(m.matches(), out);
        return new Answer(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    private HybridServer start(int port, Duration sessionIdle) {
        try {
            HybridServer server = HybridServer.builder().bindAddress("127.0.0.1").port(port)
                    .sessionIdleTimeout(sessionIdle).shutdownGracePeriod(Duration.ZERO).build().start();
            servers.add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(String how, String session, int calls) {
    }
}
