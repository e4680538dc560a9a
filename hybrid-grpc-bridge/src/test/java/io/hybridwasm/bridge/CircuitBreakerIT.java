package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-endpoint circuit breaker against real sockets: opens, fails fast, and closes after a trial. */
class CircuitBreakerIT {

    @Test
    void anOpenCircuitAnswersMinusTwoInUnderAMillisecondWithoutTouchingTheNetwork() throws IOException {
        RemoteConfig config = RemoteConfig.builder().target("127.0.0.1:" + closedPort())
                .deadline(Duration.ofSeconds(1))
                .policy(RemotePolicy.builder().maxAttempts(1).circuitBreaker(3, Duration.ofSeconds(5)).build())
                .build();
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(config).build()) {
            for (int i = 0; i < 3; i++) {
                RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[8]));
                assertEquals(HostStatus.NETWORK_ERROR, e.status(), e.getMessage());
                assertFalse(e.getMessage().contains("circuit open"), e.getMessage());
            }
            long[] nanos = new long[100];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[8]));
                nanos[i] = System.nanoTime() - start;
                assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
                assertTrue(e.getMessage().startsWith("circuit open for 127.0.0.1:"), e.getMessage());
            }
            Arrays.sort(nanos);
            double medianMicros = (nanos[49] + nanos[50]) / 2_000.0;
            System.out.printf("open circuit: median %.1f µs, p90 %.1f µs, max %.1f µs over 100 calls%n",
                    medianMicros, nanos[89] / 1_000.0, nanos[99] / 1_000.0);
            assertTrue(medianMicros < 1_000, "median " + medianMicros + " µs");
        }
    }

    @Test
    void aGuestSeesMinusTwoFromAnOpenCircuit() throws IOException {
        RemoteConfig config = RemoteConfig.builder().target("127.0.0.1:" + closedPort())
                .policy(RemotePolicy.builder().circuitBreaker(2, Duration.ofSeconds(5)).build()).build();
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("breaker", Guest.config(config, Set.of("Echo")), provider.functions())) {
            guest.callRemote("Echo", new byte[4], 16);
            guest.callRemote("Echo", new byte[4], 16);
            assertEquals(-2, guest.callRemote("Echo", new byte[4], 16).status());
        }
    }

    @Test
    void afterTheOpenPeriodOneTrialCallClosesTheCircuitWhenTheServerIsBack() throws Exception {
        Duration open = Duration.ofMillis(200);
        int port;
        try (TestRemoteServer gone = TestRemoteServer.start("gone")) {
            port = gone.port();
        }
        RemoteConfig config = RemoteConfig.builder().target("127.0.0.1:" + port)
                .policy(RemotePolicy.builder().maxAttempts(1).circuitBreaker(2, open).build()).build();
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(config).build()) {
            for (int i = 0; i < 2; i++) {
                assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            }
            RemoteCallException refused = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            assertTrue(refused.getMessage().startsWith("circuit open"), refused.getMessage());

            try (TestRemoteServer back = TestRemoteServer.startOn("back", port)) {
                Thread.sleep(open.toMillis() + 50);
                // The trial: gRPC's own reconnect backoff would still refuse it; the breaker resets that.
                assertArrayEquals(new byte[] {9}, client.call("Echo", new byte[] {9}).bytes());
                for (int i = 0; i < 10; i++) {
                    client.call("Echo", new byte[] {(byte) i});
                }
                assertEquals(11, back.executeCalls("Echo"));
            }
        }
    }

    @Test
    void aTrialThatFindsTheServerStillDownReopensTheCircuit() throws Exception {
        Duration open = Duration.ofMillis(200);
        RemoteConfig config = RemoteConfig.builder().target("127.0.0.1:" + closedPort()).deadline(Duration.ofMillis(400))
                .policy(RemotePolicy.builder().maxAttempts(1).circuitBreaker(1, open).build()).build();
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(config).build()) {
            assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            Thread.sleep(open.toMillis() + 50);
            long start = System.nanoTime();
            RemoteCallException trial = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(HostStatus.NETWORK_ERROR, trial.status(), trial.getMessage());
            assertTrue(tookMillis < 400, "the trial waited " + tookMillis + " ms, past its deadline");
            RemoteCallException next = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            assertTrue(next.getMessage().startsWith("circuit open"), next.getMessage());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
