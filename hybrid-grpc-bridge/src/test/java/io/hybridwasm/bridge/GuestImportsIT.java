package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ABI imports of {@link GrpcBridgeProvider} end to end through real channels, called the way
 * the runtime calls them but without WebAssembly: a byte array plays the guest's memory.
 */
class GuestImportsIT {
    private static final Set<String> ALLOWED = Set.of("Echo", "Sleep", "SessionCounter", "SlowSink", "FailAfter3", "Nope");

    private static TestRemoteServer server;
    private static GrpcBridgeProvider provider;

    @BeforeAll
    static void start() {
        server = TestRemoteServer.start("guest-side");
        provider = new GrpcBridgeProvider();
    }

    @AfterAll
    static void stop() {
        provider.close();
        server.close();
    }

    private static Guest guest(String instanceId) {
        return guest(instanceId, RemoteConfig.builder().target(server.target()).build());
    }

    private static Guest guest(String instanceId, RemoteConfig remote) {
        return new Guest(instanceId, Guest.config(remote, ALLOWED), provider.functions());
    }

    @Test
    void aGuestAndAJavaCallerGetTheSameAnswerForTheSameInput() {
        byte[] payload = new byte[64_000];
        new Random(11).nextBytes(payload);
        try (Guest guest = guest("same-answer");
             RemoteExecutionClient client = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(server.target()).build()).build()) {
            Guest.Answer answer = guest.callRemote("Echo", payload, 64_000);
            assertEquals(0, answer.status());
            assertArrayEquals(client.call("Echo", payload).bytes(), answer.bytes());
            assertArrayEquals(payload, answer.bytes());
            assertEquals(-5, guest.callRemote("Nope", payload, 16).status());
            assertEquals(-4, guest.callRemote("NotAllowed", payload, 16).status());
        }
    }

    @Test
    void anOversizedPayloadIsRefusedWithMinus10BeforeAnythingIsSent() {
        WasmConfig small = Guest.config(RemoteConfig.builder().target(server.target()).build(), ALLOWED).toBuilder()
                .maxMessageSize(1_000).build();
        try (Guest guest = new Guest("oversized", small, provider.functions())) {
            int executes = server.executeCalls.get();
            int connections = server.connections.get();
            assertEquals(-10, guest.callRemote("Echo", new byte[1_001], 16).status());
            assertEquals(executes, server.executeCalls.get());
            assertEquals(connections, server.connections.get(), "not even a connection was opened");
        }
    }

    @Test
    void aTooSmallBufferKeepsTheResultAndTheRetryDoesNotCallTheServerAgain() {
        byte[] payload = "twenty-one bytes here".getBytes(StandardCharsets.UTF_8);
        try (Guest guest = guest("retry")) {
            guest.callRemote("Echo", new byte[1], 8); // warm the channel and the encoding listing
            int before = server.executeCalls.get();
            Guest.Answer tooSmall = guest.callRemote("Echo", payload, 8);
            assertEquals(-3, tooSmall.status());
            assertEquals(payload.length, tooSmall.length());
            Guest.Answer retry = guest.callRemote("Echo", payload, tooSmall.length());
            assertEquals(0, retry.status());
            assertArrayEquals(payload, retry.bytes());
            assertEquals(before + 1, server.executeCalls.get());
        }
    }

    @Test
    void callsAfterGetRemoteSessionCarryItAndDiscardingTheInstanceClosesIt() {
        String serverSession;
        try (Guest guest = guest("sessions")) {
            Guest.Answer small = guest.session("conversation", 2);
            assertEquals(-3, small.status());
            Guest.Answer session = guest.session("conversation", small.length());
            assertEquals(0, session.status());
            serverSession = session.text();
            assertEquals("1", guest.callRemote("SessionCounter", new byte[0], 16).text());
            assertEquals("2", guest.callRemote("SessionCounter", new byte[0], 16).text());
            assertEquals(List.of("sessions/conversation"), server.openedClientSessionIds.stream()
                    .filter(id -> id.startsWith("sessions/")).toList(), "opened once, namespaced by instance");
        }
        assertTrue(server.closedSessions.contains(serverSession), "closed with the instance");
    }

    @Test
    void twoInstancesWithTheSameLocalIdDoNotShareState() {
        try (Guest first = guest("first"); Guest second = guest("second")) {
            String a = first.session("same", 64).text();
            String b = second.session("same", 64).text();
            assertTrue(!a.equals(b), a + " vs " + b);
            assertEquals("1", first.callRemote("SessionCounter", new byte[0], 16).text());
            assertEquals("1", second.callRemote("SessionCounter", new byte[0], 16).text());
        }
    }

    @Test
    void theGuestCallsDeadlineLimitsTheRemoteCall() {
        try (Guest guest = guest("deadline").callTimeout(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertEquals(-6, guest.callRemote("Sleep", new byte[0], 16).status());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1_500);
        }
    }

    @Test
    void aServerThatIsDownIsANetworkStatus() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Guest guest = guest("down", RemoteConfig.builder().target("127.0.0.1:" + port)
                .deadline(Duration.ofSeconds(1)).build())) {
            int status = guest.callRemote("Echo", new byte[4], 16).status();
            assertEquals(-1, status, "connection refused: NETWORK_ERROR");
        }
    }

    @Test
    void streamedChunksArriveInOrderAndDiscardingTheInstanceDrainsTheStream() {
        int completedBefore = server.streamsCompleted.get();
        try (Guest guest = guest("streamer")) {
            String session = guest.session("s", 64).text();
            for (int i = 0; i < 10; i++) {
                assertEquals(0, guest.stream("SlowSink", ("c" + i).getBytes(StandardCharsets.UTF_8)));
            }
            guest.context.close(); // what the runtime does when it discards the instance
            assertEquals(completedBefore + 1, server.streamsCompleted.get());
            List<String> mine = server.streamedChunks.stream().filter(c -> c.startsWith("SlowSink:" + session + ":")).toList();
            assertEquals(Arrays.asList("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"),
                    mine.stream().map(c -> c.substring(c.lastIndexOf(':') + 1)).toList());
        }
    }

    @Test
    void aStreamErrorSurfacesOnTheNextCallAndTheCallAfterThatReopens() throws InterruptedException {
        try (Guest guest = guest("stream-errors")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, guest.stream("FailAfter3", new byte[] {(byte) i}));
            }
            int status = 0;
            for (int i = 0; i < 100 && status == 0; i++) {
                Thread.sleep(10);
                status = guest.stream("FailAfter3", new byte[] {9});
            }
            assertEquals(-9, status);
            assertEquals(0, guest.stream("FailAfter3", new byte[] {1}), "a fresh stream");
        }
    }
}
