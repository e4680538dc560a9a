package io.hybridwasm.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link GrpcBridgeProvider}'s clients, one per distinct node configuration, each living
 * exactly as long as an instance uses it: the first instance of a configuration builds it, the
 * last one to be discarded closes it (with its result cache). A configuration that changes over
 * time (a rotated auth token is a new {@code RemoteConfig}) therefore leaves nothing behind once
 * the instances of the old one are gone, and the clients held are bounded by the distinct
 * configurations of live instances, which instance pools and idle eviction bound in turn.
 * Closing a client closes no channel: channels belong to the shared pool. Thread-safe.
 *
 * @param <K> what makes two instances share a client
 */
final class SharedClients<K> implements AutoCloseable {
    private final ConcurrentHashMap<K, Held> clients = new ConcurrentHashMap<>();

    /** One use of a shared client; {@link #release()} once, when the instance is discarded. */
    interface Lease {
        RemoteExecutionClient client();

        void release();
    }

    /** The client for {@code key}, built by {@code factory} when no instance holds one, held until released. */
    Lease acquire(K key, Function<K, RemoteExecutionClient> factory) {
        Held held = clients.compute(key, (k, h) -> {
            Held now = h != null ? h : new Held(factory.apply(k));
            now.users++;
            return now;
        });
        return new Lease() {
            private boolean released;

            @Override
            public RemoteExecutionClient client() {
                return held.client;
            }

            @Override
            public synchronized void release() {
                if (released) {
                    return;
                }
                released = true;
                List<RemoteExecutionClient> unused = new ArrayList<>(1);
                clients.computeIfPresent(key, (k, h) -> {
                    if (h != held || --h.users > 0) {
                        return h;
                    }
                    unused.add(h.client);
                    return null;
                });
                unused.forEach(RemoteExecutionClient::close);
            }
        };
    }

    /** Clients held by live instances. */
    int size() {
        return clients.size();
    }

    /** Closes and drops every client; leases released later do nothing. */
    @Override
    public void close() {
        for (K key : List.copyOf(clients.keySet())) {
            Held held = clients.remove(key);
            if (held != null) {
                held.client.close();
            }
        }
    }

    private static final class Held {
        final RemoteExecutionClient client;
        int users;

        Held(RemoteExecutionClient client) {
            this.client = client;
        }
    }
}
