package io.hybridwasm.bridge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.time.Duration;
import java.util.function.Function;

/**
 * The {@link GrpcBridgeProvider}'s clients, one per distinct node configuration, bounded: at most
 * {@link #MAX_CLIENTS}, and a client no new instance asked for in {@link #IDLE} is dropped. A node
 * configuration that changes over time (a rotated auth token is a new {@code RemoteConfig})
 * would otherwise add a client, with its result cache, per change for the life of the runtime.
 *
 * <p>A dropped client is closed; instances created before keep using it (closing a client of the
 * shared pool closes no channel), and the next instance of that configuration gets a new one.
 * Worst-case result-cache memory is thus {@code MAX_CLIENTS × RemotePolicy.cacheMaxBytes}, plus
 * the caches of dropped clients still held by live instances. Thread-safe.
 *
 * @param <K> what makes two nodes share a client
 */
final class ClientCache<K> implements AutoCloseable {
    /** Most clients kept. */
    static final int MAX_CLIENTS = 32;
    /** A client no instance asked for in this long is dropped. */
    static final Duration IDLE = Duration.ofMinutes(10);

    private final Cache<K, RemoteExecutionClient> clients = Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(IDLE)
            .executor(Runnable::run)
            .<K, RemoteExecutionClient>removalListener((key, client, cause) -> {
                if (client != null && cause != RemovalCause.REPLACED) {
                    client.close();
                }
            })
            .build();

    /** The client for {@code key}, built by {@code factory} when there is none. */
    RemoteExecutionClient computeIfAbsent(K key, Function<K, RemoteExecutionClient> factory) {
        return clients.get(key, factory);
    }

    /** Clients held, after pending evictions. */
    long size() {
        clients.cleanUp();
        return clients.estimatedSize();
    }

    /** Closes and drops every client. */
    @Override
    public void close() {
        clients.invalidateAll();
        clients.cleanUp();
    }
}
