package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RemoteExecutionClient} against a real gRPC server on loopback. */
class RemoteExecutionClientIT {
    private static TestRemoteServer server;
    private static RemoteExecutionClient client;

    @BeforeAll
    static void start() {
        server = TestRemoteServer.start("one");
        client = RemoteExecutionClient.builder(RemoteConfig.builder().target(server.target()).build()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void echoes64000BytesRoundTrip() {
        byte[] payload = new byte[64_000];
        new Random(7).nextBytes(payload);
        RemoteResult result = client.call("Echo", payload);
        assertArrayEquals(payload, result.bytes());
        assertEquals(PayloadEncoding.RAW, result.encoding());
        assertEquals("one", result.metadata().get("server"));
    }

    @Test
    void aServiceTheServerDoesNotHostIsUnknown() {
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("NoSuchService", new byte[1]));
        assertEquals(HostStatus.UNKNOWN_SERVICE, e.status());
        assertTrue(e.getMessage().contains("NoSuchService"), e.getMessage());
    }

    @Test
    void withoutATargetNoServiceIsKnownAndNothingIsSent() {
        try (RemoteExecutionClient none = RemoteExecutionClient.builder(RemoteConfig.NONE).build()) {
            assertEquals(HostStatus.UNKNOWN_SERVICE,
                    assertThrows(RemoteCallException.class, () -> none.call("Echo", new byte[1])).status());
            assertEquals(HostStatus.UNKNOWN_SERVICE,
                    assertThrows(RemoteCallException.class, () -> none.openSession("s")).status());
        }
    }

    @Test
    void aServerThatIsDownFailsFastWithANetworkStatus() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Duration deadline = Duration.ofSeconds(1);
        try (RemoteExecutionClient down = RemoteExecutionClient.builder(
                RemoteConfig.builder().target("127.0.0.1:" + port).deadline(deadline).build()).build()) {
            long start = System.nanoTime();
            RemoteCallException e = assertTimeoutPreemptively(deadline.multipliedBy(2),
                    () -> assertThrows(RemoteCallException.class, () -> down.call("Echo", new byte[10])));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(HostStatus.NETWORK_ERROR, e.status(), e.getMessage());
            assertTrue(took.compareTo(deadline.multipliedBy(3).dividedBy(2)) < 0, "took " + took);
            System.out.println("server down -> " + e.status() + " in " + took.toMillis() + " ms: " + e.getMessage());
        }
    }

    @Test
    void aSlowServiceWithAShortDeadlineTimesOut() {
        try (RemoteExecutionClient impatient = RemoteExecutionClient.builder(
                RemoteConfig.builder().target(server.target()).deadline(Duration.ofMillis(300)).build()).build()) {
            long start = System.nanoTime();
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> impatient.call(
                    RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", "3000")).build()));
            assertEquals(HostStatus.TIMEOUT, e.status());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1_500);
        }
    }

    @Test
    void theCallersOwnDeadlineShortensTheConfiguredOne() {
        long start = System.nanoTime();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call(
                RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", "3000"))
                        .deadline(Instant.now().plusMillis(200)).build()));
        assertEquals(HostStatus.TIMEOUT, e.status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1_000);
    }

    @Test
    void sessionsKeepStateAcrossCallsAndOpeningTwiceReturnsTheSameSession() {
        String session = client.openSession("counter-test");
        assertEquals(session, client.openSession("counter-test"));
        RemoteRequest.Builder counted = RemoteRequest.builder("SessionCounter", new byte[0]).sessionId(session);
        assertEquals("1", new String(client.call(counted.build()).bytes(), StandardCharsets.UTF_8));
        assertEquals("2", new String(client.call(counted.build()).bytes(), StandardCharsets.UTF_8));
        assertNotEquals(session, client.openSession("another-id"));

        client.closeSession(session);
        assertTrue(server.closedSessions.contains(session));
        assertEquals(HostStatus.UNKNOWN_SERVICE,
                assertThrows(RemoteCallException.class, () -> client.call(counted.build())).status());
    }

    @Test
    void theAuthTokenArrivesAsABearerHeader() {
        try (TestRemoteServer guarded = TestRemoteServer.requiringAuthorization("guarded", "Bearer s3cret");
             RemoteExecutionClient withToken = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(guarded.target()).authToken("s3cret").build()).build();
             RemoteExecutionClient withoutToken = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(guarded.target()).build()).build()) {
            assertArrayEquals(new byte[] {1, 2}, withToken.call(RemoteRequest.builder("Echo", new byte[] {1, 2})
                    .encoding(PayloadEncoding.RAW).build()).bytes());
            assertEquals(List.of("Bearer s3cret"), guarded.authorizations);
            assertEquals(HostStatus.UNAUTHENTICATED, assertThrows(RemoteCallException.class,
                    () -> withoutToken.call(RemoteRequest.builder("Echo", new byte[1]).encoding(PayloadEncoding.RAW)
                            .build())).status());
        }
    }

    @Test
    void remoteFailuresMapThroughTheTable() {
        assertEquals(HostStatus.REMOTE_ERROR,
                assertThrows(RemoteCallException.class, () -> client.call("Fail", new byte[1])).status());
        assertEquals(HostStatus.UNAUTHENTICATED,
                assertThrows(RemoteCallException.class, () -> client.call("Forbidden", new byte[1])).status());
    }

    @Test
    void aPayloadOverTheMaximumIsTooLargeBeforeAnythingIsSent() {
        int before = server.executeCalls.get();
        try (RemoteExecutionClient small = RemoteExecutionClient.builder(RemoteConfig.builder()
                .target(server.target()).build()).maxMessageSize(1_000).build()) {
            assertEquals(HostStatus.TOO_LARGE,
                    assertThrows(RemoteCallException.class, () -> small.call("Echo", new byte[1_001])).status());
        }
        assertEquals(before, server.executeCalls.get());
    }

    @Test
    void anAnswerOverTheMaximumIsTooLargeWhetherGrpcOrTheClientNoticesIt() {
        try (RemoteExecutionClient small = RemoteExecutionClient.builder(RemoteConfig.builder()
                .target(server.target()).build()).maxMessageSize(1_000).build()) {
            RemoteRequest.Builder grow = RemoteRequest.builder("Grow", new byte[0]).encoding(PayloadEncoding.RAW);
            assertEquals(1_000, small.call(grow.config(Map.of("bytes", "1000")).build()).size());
            // Over the payload limit but inside gRPC's (which leaves room for the envelope): the client checks.
            assertEquals(HostStatus.TOO_LARGE, assertThrows(RemoteCallException.class,
                    () -> small.call(grow.config(Map.of("bytes", "1001")).build())).status());
            // Over gRPC's inbound limit: gRPC rejects it (RESOURCE_EXHAUSTED), the table says TOO_LARGE.
            RemoteCallException e = assertThrows(RemoteCallException.class,
                    () -> small.call(grow.config(Map.of("bytes", "200000")).build()));
            assertEquals(HostStatus.TOO_LARGE, e.status(), e.getMessage());
        }
    }

    @Test
    void aPayloadTheServerRefusesAsTooLargeIsTooLarge() {
        try (RemoteExecutionClient big = RemoteExecutionClient.builder(RemoteConfig.builder()
                .target(server.target()).build()).maxMessageSize(32 << 20).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> big.call(
                    RemoteRequest.builder("Echo", new byte[17 << 20]).encoding(PayloadEncoding.RAW).build()));
            assertEquals(HostStatus.TOO_LARGE, e.status(), e.getMessage());
        }
    }

    @Test
    void thePayloadIsLabelledWithWhatTheServerListsAndTheListingIsAskedOncePerChannel() {
        try (TestRemoteServer fresh = TestRemoteServer.start("fresh");
             RemoteExecutionClient c = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(fresh.target()).build()).build()) {
            for (int i = 0; i < 5; i++) {
                RemoteResult pcm = c.call("EchoPcm", new byte[8]);
                assertEquals(PayloadEncoding.PCM_F32LE, pcm.encoding());
                assertEquals("ENCODING_PCM_F32LE", pcm.metadata().get("input_encoding"));
            }
            assertEquals(PayloadEncoding.JSON_UTF8, c.call(RemoteRequest.builder("Echo", new byte[2])
                    .encoding(PayloadEncoding.JSON_UTF8).build()).encoding(), "an explicit encoding wins");
            assertEquals(1, fresh.listServicesCalls.get());
            assertEquals(1, fresh.connections.get(), "every call reuses the one channel");
        }
    }

    @Test
    void listsTheServicesOfATarget() {
        List<RemoteServiceInfo> services = client.listServices(server.target());
        RemoteServiceInfo pcm = services.stream().filter(s -> s.name().equals("EchoPcm")).findFirst().orElseThrow();
        assertEquals(List.of(PayloadEncoding.PCM_F32LE, PayloadEncoding.RAW), pcm.accepts());
        assertEquals("test.EchoPcm", pcm.nodeType());
        assertTrue(pcm.idempotent());
        assertFalse(pcm.cacheable());
        assertTrue(services.stream().map(RemoteServiceInfo::name).toList().containsAll(Set.of("Echo", "SessionCounter")));
    }

    @Test
    void dnsTargetsResolveThroughGrpcsDnsResolver() {
        try (RemoteExecutionClient dns = RemoteExecutionClient.builder(
                RemoteConfig.builder().target("dns:///localhost:" + server.port()).build()).build()) {
            assertArrayEquals(new byte[] {4, 2}, dns.call("Echo", new byte[] {4, 2}).bytes());
        }
    }
}
