package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge against the project's real server ({@code hybrid-services}' {@link HybridServer}
 * with its built-in services), from Java and through the guest imports.
 */
class HybridServicesIT {
    private static HybridServer server;
    private static RemoteConfig remote;
    private static RemoteExecutionClient client;

    @BeforeAll
    static void start() throws IOException {
        server = HybridServer.builder().port(0).diagnostics(true).build().start();
        remote = RemoteConfig.builder().target("127.0.0.1:" + server.port()).build();
        client = RemoteExecutionClient.builder(remote).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void echo64000BytesFromJavaAndFromAGuestAlike() {
        byte[] payload = new byte[64_000];
        new Random(5).nextBytes(payload);
        assertArrayEquals(payload, client.call("Echo", payload).bytes());
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("services-echo", Guest.config(remote, Set.of("Echo")), provider.functions())) {
            Guest.Answer answer = guest.callRemote("Echo", payload, payload.length);
            assertEquals(0, answer.status());
            assertArrayEquals(payload, answer.bytes());
        }
    }

    @Test
    void unknownServicesFailedServicesAndDeadlinesMapToTheirStatuses() {
        assertEquals(HostStatus.UNKNOWN_SERVICE,
                assertThrows(RemoteCallException.class, () -> client.call("NoSuchService", new byte[1])).status());
        assertEquals(HostStatus.REMOTE_ERROR,
                assertThrows(RemoteCallException.class, () -> client.call("Fail", new byte[1])).status());
        RemoteCallException slow = assertThrows(RemoteCallException.class, () -> client.call(
                RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", "3000"))
                        .deadline(Instant.now().plusMillis(250)).build()));
        assertEquals(HostStatus.TIMEOUT, slow.status());
    }

    @Test
    void sessionStateSurvivesBetweenCalls() {
        String session = client.openSession("bridge-it");
        assertEquals(session, client.openSession("bridge-it"));
        RemoteRequest counted = RemoteRequest.builder("SessionCounter", new byte[0]).sessionId(session).build();
        String first = text(client.call(counted));
        String second = text(client.call(counted));
        assertTrue(first.contains("\"calls\":1") && second.contains("\"calls\":2"), first + " then " + second);
        client.closeSession(session);
    }

    @Test
    void everyStreamedChunkReachesTheServer() {
        long before = server.stats().streamChunks("Echo");
        try (RemoteStream stream = client.openStream("Echo", Optional.empty())) {
            for (int i = 0; i < 100; i++) {
                stream.send(new byte[1024], Instant.now().plus(Duration.ofSeconds(2)));
            }
        }
        assertEquals(before + 100, server.stats().streamChunks("Echo"));
    }

    private static String text(RemoteResult result) {
        return new String(result.bytes(), StandardCharsets.UTF_8);
    }
}
