package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries against a server that answers UNAVAILABLE on purpose: idempotent services only (as
 * the server lists them, or as the endpoint says), bounded attempts, within the deadline.
 */
class RetryIT {
    private final TestRemoteServer server = TestRemoteServer.start("flaky");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anIdempotentServiceSucceedsOnItsSecondAttempt() {
        try (RemoteExecutionClient client = client(RemotePolicy.DEFAULT)) {
            server.failNextExecutes(1);
            assertArrayEquals(new byte[] {1, 2}, client.call("Echo", new byte[] {1, 2}).bytes());
            assertEquals(2, server.executeCalls("Echo"), "attempts seen by the server");
        }
    }

    @Test
    void aServiceNotDeclaredIdempotentFailsAfterOneAttempt() {
        try (RemoteExecutionClient client = client(RemotePolicy.DEFAULT)) {
            server.failNextExecutes(1);
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("EchoOnce", new byte[1]));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
            assertEquals(1, server.executeCalls("EchoOnce"));
        }
    }

    @Test
    void theEndpointCanVouchForIdempotencyTheServerDoesNotDeclare() {
        ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
        resolvers.register(new RemoteServiceResolver() {
            @Override
            public String name() {
                return "vouching";
            }

            @Override
            public Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
                return Optional.of(new ServiceEndpoint(service, server.target(), "", Optional.empty(), true, false));
            }
        });
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.NONE).resolvers(resolvers).build()) {
            server.failNextExecutes(1);
            client.call("EchoOnce", new byte[1]);
            assertEquals(2, server.executeCalls("EchoOnce"));
        }
    }

    @Test
    void attemptsStopAtMaxAttempts() {
        try (RemoteExecutionClient client = client(RemotePolicy.builder().maxAttempts(3)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())) {
            server.failNextExecutes(10);
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("failing on purpose"), e.getMessage());
            assertEquals(3, server.executeCalls("Echo"));
        }
    }

    @Test
    void retriesNeverRunPastTheDeadline() {
        try (RemoteExecutionClient client = client(RemotePolicy.builder().maxAttempts(10)
                .backoff(Duration.ofMillis(150), Duration.ofMillis(150)).build())) {
            client.call("Echo", new byte[1]); // the listing is known, so the deadline is all the retries'
            int before = server.executeCalls("Echo");
            server.failNextExecutes(100);
            long start = System.nanoTime();
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call(
                    RemoteRequest.builder("Echo", new byte[1]).deadline(Instant.now().plusMillis(300)).build()));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status(), "the last attempt's failure, not a timeout");
            assertTrue(tookMillis < 400, "took " + tookMillis + " ms for a 300 ms deadline");
            int attempts = server.executeCalls("Echo") - before;
            // Ten attempts would need nine random delays of up to 150 ms to fit in 300 ms: about once in a thousand runs.
            assertTrue(attempts >= 1 && attempts < 10, "the deadline, not maxAttempts, ended the retries: " + attempts + " attempts");
        }
    }

    @Test
    void aCallCarryingASessionIsNotRetried() {
        try (RemoteExecutionClient client = client(RemotePolicy.DEFAULT)) {
            String session = client.openSession("retry-test");
            server.failNextExecutes(1);
            assertThrows(RemoteCallException.class, () -> client.call(
                    RemoteRequest.builder("Echo", new byte[1]).sessionId(session).build()));
            assertEquals(1, server.executeCalls("Echo"));
        }
    }

    private RemoteExecutionClient client(RemotePolicy policy) {
        return RemoteExecutionClient.builder(RemoteConfig.builder().target(server.target()).policy(policy).build())
                .build();
    }
}
