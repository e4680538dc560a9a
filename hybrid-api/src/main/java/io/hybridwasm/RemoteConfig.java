package io.hybridwasm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node's host functions reach remote services: where the server is, how long a call may
 * take, and which credentials to present. Immutable; build with {@link #builder()}.
 *
 * <p>{@code target} is a gRPC target string: {@code host:port}, {@code dns:///name:port}
 * (every address the name resolves to is used, round robin) or
 * {@code static:///host1:port1,host2:port2}. Without a target no remote service is known and
 * remote calls answer {@link HostStatus#UNKNOWN_SERVICE}, unless a plugged-in
 * {@link io.hybridwasm.spi.RemoteServiceResolver} knows better.
 *
 * <p>A service name of the form {@code package.Service/Method} names a gRPC method of an
 * existing server rather than a {@code hybrid.v1} hosted service. Its request and response
 * types come from {@code descriptorSets} (files written by {@code protoc --include_imports
 * --descriptor_set_out}) or, when none describes it, from the server's reflection service.
 * {@code serviceConfig} is a gRPC service config (the JSON form of gRPC's
 * {@code service_config.proto}): retries, hedging, timeouts and wait-for-ready per method,
 * applied by gRPC itself.
 *
 * <p>The auth token never appears in {@link #toString()}.
 *
 * @param target         the default server for every service, if any
 * @param nodeTypes      service name to the implementation type the caller expects (optional)
 * @param deadline       the longest a single remote call may take
 * @param authToken      bearer token presented on every call, if any
 * @param tls            TLS settings; empty means plaintext
 * @param policy         retries, circuit breaking, in-flight bound and caching
 * @param descriptorSets protobuf descriptor set files describing gRPC methods called by name
 * @param serviceConfig  gRPC service config JSON for the channels, if any
 */
public record RemoteConfig(
        Optional<String> target,
        Map<String, String> nodeTypes,
        Duration deadline,
        Optional<String> authToken,
        Optional<Tls> tls,
        RemotePolicy policy,
        List<Path> descriptorSets,
        Optional<String> serviceConfig) {

    /** Default per-call deadline. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

    /** No server: remote calls answer {@link HostStatus#UNKNOWN_SERVICE}. */
    public static final RemoteConfig NONE = builder().build();

    public RemoteConfig {
        Objects.requireNonNull(target, "target");
        nodeTypes = Map.copyOf(nodeTypes);
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(policy, "policy");
        descriptorSets = List.copyOf(descriptorSets);
        Objects.requireNonNull(serviceConfig, "serviceConfig");
        serviceConfig.ifPresent(c -> {
            if (c.isBlank()) {
                throw new IllegalArgumentException("serviceConfig must not be blank");
            }
        });
        target.ifPresent(t -> {
            if (t.isBlank()) {
                throw new IllegalArgumentException("target must not be blank");
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().nodeTypes(nodeTypes).deadline(deadline).policy(policy);
        descriptorSets.forEach(b::descriptorSet);
        serviceConfig.ifPresent(b::serviceConfig);
        target.ifPresent(b::target);
        authToken.ifPresent(b::authToken);
        tls.ifPresent(b::tls);
        return b;
    }

    @Override
    public String toString() {
        return "RemoteConfig[target=" + target.orElse("<none>") + ", nodeTypes=" + nodeTypes
                + ", deadline=" + deadline + ", authToken=" + (authToken.isPresent() ? "<redacted>" : "<none>")
                + ", tls=" + tls.map(Tls::toString).orElse("<plaintext>") + ", policy=" + policy + ", descriptorSets=" + descriptorSets
                + ", serviceConfig=" + (serviceConfig.isPresent() ? "<set>" : "<none>") + "]";
    }

    /**
     * TLS settings for the client side of remote calls. Files are PEM.
     *
     * @param trustCertificates CA certificates that sign the server's certificate; empty trusts the JDK's defaults
     * @param certificateChain  client certificate chain, for mutual TLS
     * @param privateKey        client private key (PKCS#8), for mutual TLS
     * @param authority         overrides the host name checked against the server certificate
     */
    public record Tls(Optional<Path> trustCertificates, Optional<Path> certificateChain,
                      Optional<Path> privateKey, Optional<String> authority) {
        public Tls {
            Objects.requireNonNull(trustCertificates, "trustCertificates");
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(authority, "authority");
            if (certificateChain.isPresent() != privateKey.isPresent()) {
                throw new IllegalArgumentException(
                        "certificateChain and privateKey go together for mutual TLS; got only one");
            }
        }

        /** Server authentication only, trusting the given CA file. */
        public static Tls trusting(Path caCertificates) {
            return new Tls(Optional.of(caCertificates), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** Builder for {@link RemoteConfig}. Not thread-safe. */
    public static final class Builder {
        private Optional<String> target = Optional.empty();
        private Map<String, String> nodeTypes = Map.of();
        private Duration deadline = DEFAULT_DEADLINE;
        private Optional<String> authToken = Optional.empty();
        private Optional<Tls> tls = Optional.empty();
        private RemotePolicy policy = RemotePolicy.DEFAULT;
        private final List<Path> descriptorSets = new ArrayList<>();
        private Optional<String> serviceConfig = Optional.empty();

        private Builder() {
        }

        public Builder target(String target) {
            this.target = Optional.of(target);
            return this;
        }

        public Builder nodeTypes(Map<String, String> nodeTypes) {
            this.nodeTypes = nodeTypes;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public Builder authToken(String token) {
            this.authToken = Optional.of(token);
            return this;
        }

        public Builder tls(Tls tls) {
            this.tls = Optional.of(tls);
            return this;
        }

        public Builder policy(RemotePolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Adds a protobuf descriptor set (as written by {@code protoc --include_imports
         * --descriptor_set_out}) describing methods guests call by {@code package.Service/Method}.
         * Sets given earlier win when two describe the same service. A file that cannot be read
         * fails loading the node, naming the file.
         */
        public Builder descriptorSet(Path file) {
            this.descriptorSets.add(Objects.requireNonNull(file, "descriptorSet"));
            return this;
        }

        /**
         * A gRPC service config in JSON (gRPC's {@code service_config.proto}): per-method retry
         * and hedging policies, timeouts, wait-for-ready. Applied by gRPC to every call a guest
         * makes by method name.
         */
        public Builder serviceConfig(String json) {
            this.serviceConfig = Optional.of(json);
            return this;
        }

        public RemoteConfig build() {
            return new RemoteConfig(target, nodeTypes, deadline, authToken, tls, policy,
                    descriptorSets, serviceConfig);
        }
    }
}
