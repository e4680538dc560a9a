package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One caller's deadline, shorter than the slow service needs, is not the endpoint's failure:
 * the breaker every caller of the endpoint shares stays closed. Unavailability still opens it.
 */
class CallerDeadlineBreakerIT {
    private static final RemotePolicy TRIP_AFTER_TWO =
            RemotePolicy.builder().maxAttempts(1).circuitBreaker(2, Duration.ofSeconds(30)).build();

    @Test
    void tightDeadlinesOnASlowServiceLeaveTheSharedCircuitClosedForOtherCallers() {
        try (TestRemoteServer server = TestRemoteServer.start("slow");
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(5)).policy(TRIP_AFTER_TWO).build()).build()) {
            assertArrayEquals(new byte[] {1}, client.call("Echo", new byte[] {1}).bytes()); // connected
            for (int i = 0; i < 5; i++) {
                RemoteRequest hurried = RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", "2000"))
                        .deadline(Instant.now().plusMillis(100)).build();
                RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call(hurried));
                assertEquals(HostStatus.TIMEOUT, e.status(), e.getMessage());
                assertFalse(e.getMessage().contains("circuit open"), e.getMessage());
            }
            assertEquals(5, server.executeCalls("Sleep"), "every hurried call reached the server");
            assertArrayEquals(new byte[] {2}, client.call("Echo", new byte[] {2}).bytes(), "another caller");

            server.failNextExecutes(2);
            for (int i = 0; i < 2; i++) {
                assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[] {3}));
            }
            RemoteCallException refused = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[] {4}));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, refused.status());
            assertTrue(refused.getMessage().startsWith("circuit open"), "UNAVAILABLE still counts: " + refused.getMessage());
        }
    }
}
