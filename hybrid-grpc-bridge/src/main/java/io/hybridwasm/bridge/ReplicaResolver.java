package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.internal.ServiceRoutes;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@link StaticReplicaResolver} and {@link DnsReplicaResolver} share: a fixed map from
 * service names to gRPC targets that spread over replicas. The constructor never throws, as a
 * {@code ServiceLoader} provider must not: a configuration it rejects is logged and makes the
 * resolver {@linkplain #isAvailable() unavailable}. Immutable and thread-safe; {@link #resolve}
 * answers from memory.
 */
public abstract sealed class ReplicaResolver extends RemoteServiceResolver
        permits StaticReplicaResolver, DnsReplicaResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaResolver.class);

    private final String name;
    private final ServiceRoutes routes;
    private final boolean available;

    ReplicaResolver(String name, Supplier<ServiceRoutes> configuration) {
        this.name = name;
        ServiceRoutes built;
        try {
            built = configuration.get();
        } catch (RuntimeException e) {
            LOG.error("{} ({}) is unavailable: {}", name, getClass().getName(), e.getMessage());
            built = null;
        }
        this.available = built != null;
        this.routes = available ? built : ServiceRoutes.NONE;
    }

    @Override
    public final String name() {
        return name;
    }

    /** False when the configuration was rejected (see the log). */
    @Override
    public final boolean isAvailable() {
        return available;
    }

    @Override
    public final int priority() {
        return routes.priority();
    }

    /** The target of {@code service}; empty for a service this resolver was not given. */
    @Override
    public final Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
        return routes.resolve(service, config);
    }

    /** Service name to target, as configured. */
    public final Map<String, String> targets() {
        return routes.targets();
    }

    /**
     * What the two resolvers' builders share: the flags a route can carry and the priority.
     * Nothing is checked until the resolver is built. Not thread-safe.
     *
     * @param <B> the concrete builder, returned for chaining
     */
    public abstract static sealed class Builder<B extends Builder<B>>
            permits StaticReplicaResolver.Builder, DnsReplicaResolver.Builder {
        final ServiceRoutes.Builder routes = new ServiceRoutes.Builder();

        Builder() {
        }

        /** Vouches that these services are safe to retry, whatever their servers declare. */
        public final B idempotent(String... services) {
            routes.idempotent(List.of(services));
            return self();
        }

        /** Vouches that these services' results may be cached (if the client's policy caches). */
        public final B cacheable(String... services) {
            routes.cacheable(List.of(services));
            return self();
        }

        /** 0 to 10, default {@value io.hybridwasm.spi.HybridProvider#DEFAULT_PRIORITY}. */
        public final B priority(int priority) {
            routes.priority(priority);
            return self();
        }

        /** The routes configured so far; throws {@link IllegalArgumentException} for a bad configuration. */
        abstract ServiceRoutes routes();

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
