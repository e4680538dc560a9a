package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.InteropServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CallerDeadlineBreakerIT} for gRPC methods called by name: a caller's deadline shorter
 * than the method's work, unary or server-streaming, leaves the endpoint's shared circuit closed;
 * UNAVAILABLE from the method still opens it.
 */
class MethodCallDeadlineBreakerIT {
    private static final String SERVICE = "grpc.testing.TestService";
    private static final String UNARY = SERVICE + "/UnaryCall";
    private static final String EMPTY = SERVICE + "/EmptyCall";
    private static final String STREAMING = SERVICE + "/StreamingOutputCall";
    private static final RemotePolicy TRIP_AFTER_TWO =
            RemotePolicy.builder().maxAttempts(1).circuitBreaker(2, Duration.ofSeconds(30)).build();

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RemoteRequest hurried(String method, String json) {
        return RemoteRequest.builder(method, json(json)).deadline(Instant.now().plusMillis(100)).build();
    }

    @Test
    void tightDeadlinesOnSlowMethodsLeaveTheSharedCircuitClosedForOtherCallers() {
        try (InteropServer server = InteropServer.start(InteropServer.Reflection.V1);
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(10)).policy(TRIP_AFTER_TWO).build()).build()) {
            assertEquals("{}", new String(client.call(EMPTY, json("{}")).bytes(), StandardCharsets.UTF_8));
            assertEquals("{}", new String(client.call(UNARY, json("{}")).bytes(), StandardCharsets.UTF_8),
                    "connected, schema known");
            server.delays.put(UNARY, Duration.ofSeconds(2));
            for (int i = 0; i < 3; i++) {
                RemoteCallException unary = assertThrows(RemoteCallException.class,
                        () -> client.call(hurried(UNARY, "{}")));
                assertEquals(HostStatus.TIMEOUT, unary.status(), unary.getMessage());
                RemoteCallException streaming = assertThrows(RemoteCallException.class, () -> client.call(hurried(
                        STREAMING, "{\"responseParameters\":[{\"size\":1,\"intervalUs\":2000000}]}")));
                assertEquals(HostStatus.TIMEOUT, streaming.status(), streaming.getMessage());
                assertFalse(streaming.getMessage().contains("circuit open"), streaming.getMessage());
            }
            assertEquals(4, server.callsOf(UNARY), "every hurried call reached the server");
            assertEquals(3, server.callsOf(STREAMING), "every hurried call reached the server");
            assertEquals("{}", new String(client.call(EMPTY, json("{}")).bytes(), StandardCharsets.UTF_8),
                    "another caller");

            String unavailable = "{\"responseStatus\":{\"code\":14,\"message\":\"down\"}}";
            server.delays.clear();
            for (int i = 0; i < 2; i++) {
                RemoteCallException down = assertThrows(RemoteCallException.class,
                        () -> client.call(UNARY, json(unavailable)));
                assertEquals(HostStatus.SERVICE_UNAVAILABLE, down.status(), down.getMessage());
            }
            RemoteCallException refused = assertThrows(RemoteCallException.class, () -> client.call(EMPTY, json("{}")));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, refused.status());
            assertTrue(refused.getMessage().startsWith("circuit open"), "UNAVAILABLE still counts: " + refused.getMessage());
        }
    }
}
