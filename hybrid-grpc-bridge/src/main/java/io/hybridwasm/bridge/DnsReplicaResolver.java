package io.hybridwasm.bridge;

import io.hybridwasm.bridge.internal.ServiceRoutes;
import io.hybridwasm.spi.StaticServiceResolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Spreads named services over every address a DNS name resolves to: each configured service
 * resolves to the target {@code dns:///name:port}; gRPC's DNS resolver looks the name up
 * ({@link java.net.InetAddress}, so the JVM's resolver and its cache apply), every address (A or
 * AAAA record) becomes one connection, and calls go round robin over those that are up. A
 * replica that dies is skipped as soon as its connection fails; gRPC then resolves the name
 * again, so replicas that appear or disappear from DNS are picked up. A call a dying replica
 * was serving, if the service is idempotent, is retried on another replica.
 *
 * <p>The Kubernetes case: a headless Service ({@code clusterIP: None}) makes the cluster DNS
 * answer one A record per ready pod, so
 * {@code service("VoiceActivityDetector", "vad.default.svc.cluster.local", 50051)} spreads calls
 * over the pods rather than pinning each client to one through a virtual IP.
 *
 * <pre>{@code
 * ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
 * resolvers.register(DnsReplicaResolver.builder()
 *         .service("VoiceActivityDetector", "vad.default.svc.cluster.local", 50051).build());
 * resolvers.register(new StaticServiceResolver());   // everything else: RemoteConfig.target
 * RemoteExecutionClient client = RemoteExecutionClient.builder(config).resolvers(resolvers).build();
 * }</pre>
 *
 * <p>Registration, priority and the never-throwing protected constructor for a
 * {@code ServiceLoader} subclass work as for {@link StaticReplicaResolver}: not discovered by
 * itself, it answers only for its own services and leaves the rest to the next resolver (e.g.
 * {@link StaticServiceResolver}). Without per-service routing no resolver is needed:
 * {@code RemoteConfig.target("dns:///name:port")} does the same for every service. Immutable
 * and thread-safe; {@link #resolve} answers from memory (the lookup happens in the channel).
 */
public non-sealed class DnsReplicaResolver extends ReplicaResolver {
    /** This resolver's {@link #name()}. */
    public static final String NAME = "dns-replicas";

    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?");

    /** The configuration of {@code builder}; never throws (see {@link ReplicaResolver}). */
    protected DnsReplicaResolver(Builder builder) {
        super(NAME, builder::routes);
    }

    /** An empty builder; add at least one service. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects services and their DNS names; nothing is checked until {@link #build()} (or the
     * constructor) so that a subclass can pass a builder to {@code super}. Not thread-safe.
     */
    public static final class Builder extends ReplicaResolver.Builder<Builder> {
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, Integer> ports = new LinkedHashMap<>();

        private Builder() {
        }

        /** Routes {@code service} to every address of {@code dnsName}, on {@code port}; replaces an earlier route. */
        public Builder service(String service, String dnsName, int port) {
            names.put(service, dnsName);
            ports.put(service, port);
            return this;
        }

        /**
         * @throws IllegalArgumentException no service, a name that is not a host name (a scheme,
         *                                  a port or a path in it), a port outside 1..65535, or a
         *                                  flag for a service without a route
         */
        public DnsReplicaResolver build() {
            routes();
            return new DnsReplicaResolver(this);
        }

        @Override
        ServiceRoutes routes() {
            names.forEach((service, name) -> routes.route(service, target(service, name, ports.get(service))));
            return routes.build();
        }

        private static String target(String service, String name, int port) {
            if (name == null || !HOST_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("DNS name '" + name + "' of service '" + service
                        + "' is not a host name (give the port separately, without scheme or path)");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " of service '" + service
                        + "' is outside 1..65535");
            }
            return "dns:///" + name + ":" + port;
        }
    }
}
