package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The result cache for services the server lists as cacheable ({@code Echo} here): a hit never
 * reaches the server; another payload, another config or an expired entry does; off by default.
 */
class ResultCacheIT {
    private static final Duration TTL = Duration.ofMillis(800);

    private final TestRemoteServer server = TestRemoteServer.start("cached");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anIdenticalCallIsAnsweredFromTheCacheUntilItsTtlEnds() throws InterruptedException {
        try (RemoteExecutionClient client = client(RemotePolicy.builder().cache(100, TTL).build())) {
            byte[] a = {1, 2, 3};
            RemoteResult first = client.call("Echo", a);
            assertEquals(1, server.executeCalls("Echo"));
            RemoteResult second = client.call("Echo", a.clone());
            assertEquals(first, second);
            assertEquals(1, server.executeCalls("Echo"), "a hit does not reach the server");

            first.bytes()[0] = 99;
            second.bytes()[1] = 99;
            assertArrayEquals(a, client.call("Echo", a.clone()).bytes(),
                    "what callers do with their arrays never reaches the cached result");
            assertEquals(1, server.executeCalls("Echo"));

            assertArrayEquals(new byte[] {4}, client.call("Echo", new byte[] {4}).bytes());
            assertEquals(2, server.executeCalls("Echo"), "another payload is another key");
            client.call(RemoteRequest.builder("Echo", a).config(Map.of("k", "v")).build());
            assertEquals(3, server.executeCalls("Echo"), "another config is another key");

            Thread.sleep(TTL.toMillis() + 50);
            client.call("Echo", a);
            assertEquals(4, server.executeCalls("Echo"), "an expired entry is not served");
        }
    }

    @Test
    void servicesNotListedAsCacheableAndCallsWithASessionAreNotCached() {
        try (RemoteExecutionClient client = client(RemotePolicy.builder().cache(100, TTL).build())) {
            client.call("EchoPcm", new byte[4]);
            client.call("EchoPcm", new byte[4]);
            assertEquals(2, server.executeCalls("EchoPcm"));
            String session = client.openSession("cache-test");
            RemoteRequest withSession = RemoteRequest.builder("Echo", new byte[1]).sessionId(session).build();
            client.call(withSession);
            client.call(withSession);
            assertEquals(2, server.executeCalls("Echo"));
        }
    }

    @Test
    void theCacheIsOffByDefault() {
        try (RemoteExecutionClient client = client(RemotePolicy.DEFAULT)) {
            client.call("Echo", new byte[1]);
            client.call("Echo", new byte[1]);
            assertEquals(2, server.executeCalls("Echo"));
        }
    }

    @Test
    void aGuestsRepeatedCallIsAnsweredFromTheCacheToo() {
        RemoteConfig remote = RemoteConfig.builder().target(server.target())
                .policy(RemotePolicy.builder().cache(10, Duration.ofSeconds(30)).build()).build();
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("cached-guest", Guest.config(remote, Set.of("Echo")), provider.functions())) {
            byte[] payload = {5, 6, 7};
            assertEquals(0, guest.callRemote("Echo", payload, 16).status());
            Guest.Answer again = guest.callRemote("Echo", payload, 16);
            assertEquals(0, again.status());
            assertArrayEquals(payload, again.bytes());
            assertEquals(1, server.executeCalls("Echo"));
        }
    }

    private RemoteExecutionClient client(RemotePolicy policy) {
        return RemoteExecutionClient.builder(RemoteConfig.builder().target(server.target()).policy(policy).build())
                .build();
    }
}
