package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.internal.ServiceRoutes;
import io.hybridwasm.bridge.internal.StaticNameResolverProvider;
import io.hybridwasm.bridge.internal.StaticNameResolverProvider.HostAndPort;
import io.hybridwasm.spi.StaticServiceResolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads named services over a fixed list of replicas: each configured service resolves to
 * the target {@code static:///host1:port1,host2:port2,...}, whose every address becomes one
 * connection, and calls go round robin over the replicas that are up. A replica that dies is
 * skipped as soon as its connection fails (and tried again in the background, with backoff);
 * a call it was serving, if the service is idempotent, is retried on another replica.
 *
 * <pre>{@code
 * StaticReplicaResolver vad = StaticReplicaResolver.builder()
 *         .service("VoiceActivityDetector", "10.0.0.1:50051", "10.0.0.2:50051", "10.0.0.3:50051")
 *         .build();
 * ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
 * resolvers.register(vad);
 * resolvers.register(new StaticServiceResolver());   // everything else: RemoteConfig.target
 * RemoteExecutionClient client = RemoteExecutionClient.builder(config).resolvers(resolvers).build();
 * }</pre>
 *
 * <p><b>Why it is not registered with {@code ServiceLoader}:</b> it needs its address list, and
 * a resolver found on the class path must not take over services nobody configured. It answers
 * only for its own services (empty for any other, which falls through to the next resolver,
 * e.g. {@link StaticServiceResolver} and {@link RemoteConfig#target()}), with priority
 * {@value io.hybridwasm.spi.HybridProvider#DEFAULT_PRIORITY} by default, above the default
 * resolver's 0. For guests, whose resolvers come from {@code ServiceLoader} in the plugin class
 * loader, subclass it with a public no-argument constructor and list the subclass in
 * {@code META-INF/services/io.hybridwasm.spi.RemoteServiceResolver}:
 *
 * <pre>{@code
 * public final class VadReplicas extends StaticReplicaResolver {
 *     public VadReplicas() {
 *         super(builder().service("VoiceActivityDetector", "10.0.0.1:50051", "10.0.0.2:50051"));
 *     }
 * }
 * }</pre>
 *
 * The protected constructor never throws, as {@code ServiceLoader} providers must not: a
 * configuration it rejects is logged and makes the resolver {@linkplain #isAvailable()
 * unavailable}; {@link Builder#build()} throws instead.
 *
 * <p>A single address list without per-service routing needs no resolver at all:
 * {@code RemoteConfig.target("static:///h1:p1,h2:p2")} does the same for every service. Hosts are
 * names or IPv4 literals; names are looked up when the channel resolves. Immutable and
 * thread-safe; {@link #resolve} answers from memory.
 *
 * @see DnsReplicaResolver for replicas behind one DNS name (e.g. a Kubernetes headless service)
 */
public non-sealed class StaticReplicaResolver extends ReplicaResolver {
    /** This resolver's {@link #name()}. */
    public static final String NAME = "static-replicas";

    /** The configuration of {@code builder}; never throws (see the class documentation). */
    protected StaticReplicaResolver(Builder builder) {
        super(NAME, builder::routes);
    }

    /** An empty builder; add at least one service. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects services and their replicas; nothing is checked until {@link #build()} (or the
     * constructor) so that a subclass can pass a builder to {@code super}. Not thread-safe.
     */
    public static final class Builder extends ReplicaResolver.Builder<Builder> {
        private final Map<String, List<String>> replicas = new LinkedHashMap<>();

        private Builder() {
        }

        /** Routes {@code service} to {@code addresses}, each {@code host:port}; replaces an earlier list. */
        public Builder service(String service, List<String> addresses) {
            replicas.put(service, List.copyOf(addresses));
            return this;
        }

        /** {@link #service(String, List)} with the addresses inline. */
        public Builder service(String service, String... addresses) {
            return service(service, List.of(addresses));
        }

        /**
         * @throws IllegalArgumentException no service, an address that is not {@code host:port},
         *                                  an IPv6 literal, or a flag for a service without replicas
         */
        public StaticReplicaResolver build() {
            routes();
            return new StaticReplicaResolver(this);
        }

        @Override
        ServiceRoutes routes() {
            replicas.forEach((service, addresses) -> routes.route(service, target(service, addresses)));
            return routes.build();
        }

        private static String target(String service, List<String> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("service '" + service + "' has no replica addresses");
            }
            List<HostAndPort> parsed = StaticNameResolverProvider.parseAddresses(String.join(",", addresses));
            for (HostAndPort address : parsed) {
                if (address.host().indexOf(':') >= 0) {
                    throw new IllegalArgumentException("replica " + address + " of service '" + service
                            + "' is an IPv6 literal, which a static:/// target cannot carry; use a host name");
                }
            }
            return StaticNameResolverProvider.SCHEME + ":///"
                    + String.join(",", parsed.stream().map(HostAndPort::toString).toList());
        }
    }
}
