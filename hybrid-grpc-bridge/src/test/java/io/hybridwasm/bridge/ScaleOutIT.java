package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.LoopbackReplicasDns;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.StaticServiceResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One logical service over three real {@link HybridServer} replicas: round robin shares the
 * load fairly, whether the replicas come from a static list or from one DNS name, and killing a
 * replica mid-run loses no call of an idempotent service ({@code Echo}, which the server
 * declares idempotent). Counts are taken on the server side.
 */
class ScaleOutIT {
    private static final int CALLS = 300;

    private final List<HybridServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(HybridServer::close);
    }

    @Test
    void threeReplicasFromAStaticListEachGetAFairShareOf300Calls() {
        startOnLoopback(3);
        ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
        resolvers.register(StaticReplicaResolver.builder().service("Echo", addresses()).build());
        resolvers.register(new StaticServiceResolver());
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.NONE).resolvers(resolvers).build()) {
            callEcho(client, 0, CALLS);
        }
        long[] counts = echoCounts();
        System.out.println("static:/// spread of " + CALLS + " calls: " + Arrays.toString(counts));
        assertEquals(CALLS, Arrays.stream(counts).sum());
        assertFairShares(counts, CALLS);
    }

    @Test
    void killingAReplicaMidRunLosesNoCallAndTheSurvivorsShareTheRest() {
        startOnLoopback(3);
        HybridServer victim = servers.get(1);
        AtomicLong victimCallsAtDeath = new AtomicLong(-1);
        long[] atDeath = new long[3];
        int killAt = 100;
        int killedBy = 150;
        String target = "static:///" + String.join(",", addresses());
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(
                RemoteConfig.builder().target(target).build()).build()) {
            callEcho(client, 0, killAt);
            // Killed while the next calls run: shutdown grace 0, so calls in flight there are reset.
            CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> {
                victim.close();
                long[] now = echoCounts();
                System.arraycopy(now, 0, atDeath, 0, 3);
                victimCallsAtDeath.set(now[1]);
            });
            callEcho(client, killAt, killedBy);
            // However slowly the kill ran, the calls after killedBy all come after it.
            kill.join();
            callEcho(client, killedBy, CALLS);
        }
        long[] counts = echoCounts();
        System.out.println("kill mid-run: at death " + Arrays.toString(atDeath) + ", at the end " + Arrays.toString(counts));
        assertTrue(Arrays.stream(counts).sum() >= CALLS, "every call ran somewhere: " + Arrays.toString(counts));
        assertEquals(victimCallsAtDeath.get(), counts[1], "the dead replica got no further calls");
        long rest = CALLS - (atDeath[0] + atDeath[2] + atDeath[1]);
        assertTrue(rest >= 100, "the kill took effect during the run, with " + rest + " calls left");
        long[] survivorsAfter = {counts[0] - atDeath[0], counts[2] - atDeath[2]};
        assertFairShares(survivorsAfter, survivorsAfter[0] + survivorsAfter[1]);
    }

    @Test
    void aCallInFlightOnAReplicaThatIsKilledIsRetriedOnAnother() throws Exception {
        startOnLoopback(3);
        String target = "static:///" + String.join(",", addresses());
        RemoteRequest sleep = RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", "400")).build();
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder().target(target)
                .deadline(Duration.ofSeconds(3)).build()).build()) {
            CompletableFuture<RemoteResult> call = CompletableFuture.supplyAsync(() -> client.call(sleep));
            HybridServer serving = awaitServing();
            serving.close();
            call.get(5, TimeUnit.SECONDS);
        }
        long[] sleeps = servers.stream().mapToLong(s -> s.stats().executeCalls("Sleep")).toArray();
        System.out.println("Sleep calls per replica, the one serving killed mid-call: " + Arrays.toString(sleeps));
        assertEquals(2, Arrays.stream(sleeps).sum(), "the killed attempt and its retry on another replica");
    }

    @Test
    void threeReplicasBehindOneDnsNameEachGetAFairShareOf300Calls() throws IOException {
        List<InetAddress> resolved = List.of(InetAddress.getAllByName(LoopbackReplicasDns.NAME));
        assertEquals(LoopbackReplicasDns.ADDRESSES, resolved.stream().map(InetAddress::getHostAddress).toList(),
                "the test resolver (META-INF/services/java.net.spi.InetAddressResolverProvider) is not in effect");
        int port = startOnAddresses(LoopbackReplicasDns.ADDRESSES);
        ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
        resolvers.register(DnsReplicaResolver.builder().service("Echo", LoopbackReplicasDns.NAME, port).build());
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.NONE).resolvers(resolvers).build()) {
            callEcho(client, 0, CALLS);
        }
        long[] counts = echoCounts();
        System.out.println("dns:///" + LoopbackReplicasDns.NAME + ":" + port + " spread of " + CALLS + " calls: "
                + Arrays.toString(counts));
        assertEquals(CALLS, Arrays.stream(counts).sum());
        assertFairShares(counts, CALLS);
    }

    private HybridServer awaitServing() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            for (HybridServer server : servers) {
                if (server.stats().inFlightCalls() > 0) {
                    return server;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no replica started the call");
    }

    private static void callEcho(RemoteExecutionClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] payload = {(byte) i, (byte) (i >> 8), 7};
            assertArrayEquals(payload, client.call("Echo", payload).bytes(), "call " + i);
        }
    }

    /** Each of {@code counts} is within 30% of an equal share of {@code total}: 70..130 of 300 for three. */
    private static void assertFairShares(long[] counts, long total) {
        double fair = (double) total / counts.length;
        for (long count : counts) {
            assertTrue(count >= fair * 0.7 && count <= fair * 1.3,
                    "unfair spread " + Arrays.toString(counts) + " of " + total);
        }
    }

    private void startOnLoopback(int replicas) {
        for (int i = 0; i < replicas; i++) {
            servers.add(start("127.0.0.1", 0));
        }
    }

    /** One replica per address, all on the same port (as pods behind a headless service); returns the port. */
    private int startOnAddresses(List<String> addresses) {
        for (int tries = 0; ; tries++) {
            HybridServer first = start(addresses.get(0), 0);
            servers.add(first);
            try {
                for (String address : addresses.subList(1, addresses.size())) {
                    servers.add(start(address, first.port()));
                }
                return first.port();
            } catch (UncheckedIOException e) {
                stopServers();
                servers.clear();
                if (tries == 4) {
                    throw e;
                }
            }
        }
    }

    private static HybridServer start(String address, int port) {
        try {
            return HybridServer.builder().bindAddress(address).port(port).shutdownGracePeriod(Duration.ZERO)
                    .diagnostics(true).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> addresses() {
        return servers.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.toList());
    }

    private long[] echoCounts() {
        return servers.stream().mapToLong(s -> s.stats().executeCalls("Echo")).toArray();
    }
}
