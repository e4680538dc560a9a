package io.hybridwasm.bridge.internal;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per endpoint (target + TLS settings + service config), created on first use
 * and reused by every later call: connection pooling. A channel multiplexes any number of
 * concurrent calls over its HTTP/2 connections, so one per endpoint is enough. An auth token is
 * not part of the endpoint: it travels as call credentials ({@link ChannelEndpoint#view}), so a
 * rotated token reuses the channel instead of opening another.
 *
 * <p>Every channel uses grpc-netty, the {@code round_robin} policy by default (a target that
 * resolves to several addresses spreads calls over all of them; a replica whose connection
 * fails is skipped until it reconnects), the {@code static} scheme on targets that use it,
 * gRPC's transparent retries (only for calls the server never saw), the node's gRPC service
 * config if it has one ({@code RemoteConfig.serviceConfig}: retries, hedging, timeouts and
 * wait-for-ready of methods called by name, applied by gRPC), {@code directExecutor()}, and one
 * event loop of the bridge's own ({@link ClientEventLoops}, which says why), so that a call's
 * deadline timer runs on the loop that carries the call.
 * Retries of {@code hybrid.v1} calls the server did see are the bridge's own ({@link UnaryCalls}),
 * because gRPC's retry policy is per method and every Hybrid service shares the one
 * {@code Execute} method.
 *
 * <p>Why {@code directExecutor()}: with gRPC's default executor every callback (headers,
 * message, close, on-ready) is handed from the Netty event loop to a shared cached thread pool,
 * a thread hop per event that cost 225 µs against 144 µs p50 on bare 64000-byte calls, and a
 * pool that grows without bound under load. Direct execution runs callbacks inline on the event
 * loop. It is safe only because no bridge callback blocks: unary calls use gRPC's blocking stub,
 * which runs their callbacks on the calling (guest) thread anyway; stream callbacks only record
 * state and signal the waiting sender under a lock no one holds while waiting; bearer-token
 * credentials copy a constant header. A user's stream-response listener runs there too, which is
 * why {@code RemoteExecutionClient.openStream} says it must not block.
 *
 * <p>Thread-safe. Closing shuts every channel down; later lookups fail.
 */
public final class ChannelPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelPool.class);
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private final ConcurrentHashMap<Key, ChannelEndpoint> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile LastLookup lastLookup;
    private boolean holdsLoops; // guarded by this: acquired with the first channel, released on close

    /**
     * The channel for {@code target} under {@code config}'s TLS settings and credentials.
     *
     * @throws RemoteCallException {@link HostStatus#SERVICE_UNAVAILABLE} when the channel cannot be
     *                             built (malformed target, unreadable TLS files)
     */
    public PooledChannel channel(String target, RemoteConfig config) {
        // A client asks with the same config instance and target every call: answered without
        // building and hashing a Key (records hash every field, TLS paths included).
        LastLookup last = lastLookup;
        if (last != null && last.config() == config && last.target().equals(target) && !closed) {
            return last.channel();
        }
        Key key = new Key(target, config.tls(), config.serviceConfig());
        ChannelEndpoint existing = channels.get(key);
        if (existing == null) {
            if (closed) {
                throw new IllegalStateException("channel pool is closed");
            }
            existing = channels.computeIfAbsent(key, k -> open(k, loop()));
        }
        if (closed) {
            shutdown(existing.channel());
            throw new IllegalStateException("channel pool is closed");
        }
        PooledChannel view = existing.view(config.authToken());
        lastLookup = new LastLookup(target, config, view);
        return view;
    }

    /** Number of open channels: one per endpoint, however many tokens call it. */
    public int size() {
        return channels.size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lastLookup = null;
        List<ManagedChannel> all = channels.values().stream().map(ChannelEndpoint::channel).toList();
        channels.clear();
        all.forEach(ChannelPool::shutdown);
        all.forEach(ChannelPool::awaitTermination);
        if (holdsLoops) {
            holdsLoops = false;
            ClientEventLoops.SHARED.release();
        }
    }

    /**
     * The event loop for one more channel; the first takes this pool's hold on the shared loops,
     * so a pool that never opens a channel starts no threads.
     *
     * @throws IllegalStateException when the pool is closed
     */
    private synchronized EventLoop loop() {
        if (closed) {
            throw new IllegalStateException("channel pool is closed");
        }
        if (!holdsLoops) {
            ClientEventLoops.SHARED.acquire();
            holdsLoops = true;
        }
        return ClientEventLoops.SHARED.next();
    }

    private static void shutdown(ManagedChannel channel) {
        channel.shutdown();
    }

    private static void awaitTermination(ManagedChannel channel) {
        try {
            if (!channel.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("deprecation") // nameResolverFactory is the only public per-channel way to add a scheme
    private static ChannelEndpoint open(Key key, EventLoop loop) {
        try {
            NettyChannelBuilder builder = NettyChannelBuilder.forTarget(key.target(), credentials(key.tls()))
                    .directExecutor()
                    .eventLoopGroup(loop)
                    .channelType(NioSocketChannel.class)
                    .intercept(new ClientTracing())
                    .defaultLoadBalancingPolicy("round_robin")
                    // gRPC's default, stated because the bridge relies on it: transparent retries, and the
                    // retry and hedging policies of a service config (RemoteConfig.serviceConfig).
                    .enableRetry()
                    // The real limit is set per call (PooledChannel.unaryOptions), from each client's maximum.
                    .maxInboundMessageSize(Integer.MAX_VALUE);
            if (StaticNameResolverProvider.handles(key.target())) {
                builder.nameResolverFactory(new StaticNameResolverProvider());
            }
            key.tls().flatMap(RemoteConfig.Tls::authority).ifPresent(builder::overrideAuthority);
            key.serviceConfig().ifPresent(json -> builder.defaultServiceConfig(ServiceConfigs.parse(json)));
            BridgeMetrics.current().instrument(builder);
            ManagedChannel channel = builder.build();
            LOG.debug("opened channel to {} ({})", key.target(), key.tls().isPresent() ? "TLS" : "plaintext");
            return new ChannelEndpoint(key.target(), channel, key.tls().isEmpty());
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            // IllegalStateException: gRPC's verdict on a service config it cannot use.
            throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE,
                    "cannot open a channel to '" + key.target() + "': " + e.getMessage(), e);
        }
    }

    private static ChannelCredentials credentials(Optional<RemoteConfig.Tls> tls) throws IOException {
        if (tls.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        RemoteConfig.Tls t = tls.get();
        if (t.trustCertificates().isPresent()) {
            builder.trustManager(t.trustCertificates().get().toFile());
        }
        if (t.certificateChain().isPresent() && t.privateKey().isPresent()) {
            builder.keyManager(t.certificateChain().get().toFile(), t.privateKey().get().toFile());
        }
        return builder.build();
    }

    private record LastLookup(String target, RemoteConfig config, PooledChannel channel) {
    }

    /** What makes two endpoints share a channel; the auth token does not. */
    private record Key(String target, Optional<RemoteConfig.Tls> tls, Optional<String> serviceConfig) {
    }
}
