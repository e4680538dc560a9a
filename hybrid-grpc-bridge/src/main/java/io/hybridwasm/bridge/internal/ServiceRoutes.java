package io.hybridwasm.bridge.internal;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.spi.HybridProvider;
import io.hybridwasm.spi.ServiceEndpoint;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The table behind the replica resolvers: service name to gRPC target, the services the
 * embedder vouches are idempotent or cacheable, and the resolver's priority. Immutable.
 */
public record ServiceRoutes(Map<String, String> targets, Set<String> idempotent, Set<String> cacheable,
                            int priority) {
    /** Routes nothing: what a resolver holds whose configuration was rejected. */
    public static final ServiceRoutes NONE = new ServiceRoutes(Map.of(), Set.of(), Set.of(), 0);

    /**
     * @throws IllegalArgumentException a flag names a service without a route, or the priority is outside 0..10
     */
    public ServiceRoutes {
        targets = Map.copyOf(targets);
        idempotent = Set.copyOf(idempotent);
        cacheable = Set.copyOf(cacheable);
        for (String service : union(idempotent, cacheable)) {
            if (!targets.containsKey(service)) {
                throw new IllegalArgumentException("service '" + service + "' is marked idempotent or cacheable"
                        + " but has no replicas configured (routes: " + targets.keySet() + ")");
            }
        }
        if (priority < 0 || priority > 10) {
            throw new IllegalArgumentException("priority must be in 0..10, was " + priority);
        }
    }

    /** The endpoint of {@code service}, node type from {@code config}; empty for a service without a route. */
    public Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
        String target = targets.get(service);
        return target == null ? Optional.empty()
                : Optional.of(new ServiceEndpoint(service, target, config.nodeTypes().getOrDefault(service, ""),
                        Optional.empty(), idempotent.contains(service), cacheable.contains(service)));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Collects routes; the replica resolvers' builders delegate here. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> targets = new LinkedHashMap<>();
        private final Set<String> idempotent = new LinkedHashSet<>();
        private final Set<String> cacheable = new LinkedHashSet<>();
        private int priority = HybridProvider.DEFAULT_PRIORITY;

        /** @throws IllegalArgumentException a blank service name */
        public void route(String service, String target) {
            if (Objects.requireNonNull(service, "service").isBlank()) {
                throw new IllegalArgumentException("service must not be blank");
            }
            targets.put(service, target);
        }

        public void idempotent(List<String> services) {
            idempotent.addAll(services);
        }

        public void cacheable(List<String> services) {
            cacheable.addAll(services);
        }

        public void priority(int priority) {
            this.priority = priority;
        }

        /** @throws IllegalArgumentException see {@link ServiceRoutes#ServiceRoutes} */
        public ServiceRoutes build() {
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("no service configured: add at least one with service(...)");
            }
            return new ServiceRoutes(targets, idempotent, cacheable, priority);
        }
    }
}
