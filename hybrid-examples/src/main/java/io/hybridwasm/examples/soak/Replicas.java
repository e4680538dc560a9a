package io.hybridwasm.examples.soak;

import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.builtin.Echo;
import io.hybridwasm.services.builtin.SessionCounter;
import io.hybridwasm.services.spi.HostedServiceRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A few {@link HybridServer}s on 127.0.0.1 hosting Echo and SessionCounter, each with its own
 * access policy, reachable together as one {@code static:///} target. A restart closes one
 * (gracefully: it refuses new calls and gives those in flight a short grace), waits, and starts
 * a new server on the same port with the policy of the current period.
 */
final class Replicas implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);
    private static final int BIND_ATTEMPTS = 50;

    private final HybridServer[] servers;
    private final int[] ports;
    private final TokenRing tokens;
    private final Duration downtime;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile int lastRestarted = -1;
    private volatile long lastStopNanos;
    private volatile long lastUpNanos;

    Replicas(int count, TokenRing tokens, Duration downtime) throws IOException {
        this.servers = new HybridServer[count];
        this.ports = new int[count];
        this.tokens = tokens;
        this.downtime = downtime;
        try {
            for (int i = 0; i < count; i++) {
                servers[i] = start(0, 0);
                ports[i] = servers[i].port();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code static:///127.0.0.1:P1,127.0.0.1:P2,...}. */
    String target() {
        List<String> addresses = new ArrayList<>();
        for (int port : ports) {
            addresses.add("127.0.0.1:" + port);
        }
        return "static:///" + addresses.stream().collect(Collectors.joining(","));
    }

    int count() {
        return servers.length;
    }

    int restarts() {
        return restarts.get();
    }

    /** Stops replica {@code index}, waits the downtime, starts it again on its port for {@code period}. */
    void restart(int index, int period) throws InterruptedException {
        HybridServer old;
        lastRestarted = index;
        lastStopNanos = System.nanoTime();
        lastUpNanos = 0;
        synchronized (this) {
            old = servers[index];
            servers[index] = null;
        }
        old.close();
        Thread.sleep(downtime.toMillis());
        HybridServer fresh = startOnPort(ports[index], period);
        synchronized (this) {
            servers[index] = fresh;
        }
        lastUpNanos = System.nanoTime();
        restarts.incrementAndGet();
    }

    /** Where the rolling restart stands, for a report line: which replica, down or up since when. */
    String restartState() {
        long now = System.nanoTime();
        int index = lastRestarted;
        long up = lastUpNanos;
        if (index < 0) {
            return "no restart yet";
        }
        return up == 0
                ? String.format(Locale.ROOT, "replica %d stopping or down for %.2fs", index, (now - lastStopNanos) / 1e9)
                : String.format(Locale.ROOT, "replica %d back up %.2fs ago", index, (now - up) / 1e9);
    }

    /** The port may linger briefly after a close; try again for a few seconds. */
    private HybridServer startOnPort(int port, int period) throws InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                return start(port, period);
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new UncheckedIOException("replica on 127.0.0.1:" + port + " cannot listen again", last);
    }

    private HybridServer start(int port, int period) throws IOException {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new Echo());
        registry.register(new SessionCounter());
        return HybridServer.builder().port(port).registry(registry).accessPolicy(tokens.policyForPeriod(period))
                .shutdownGracePeriod(SHUTDOWN_GRACE).build().start();
    }

    @Override
    public synchronized void close() {
        for (HybridServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }
}
