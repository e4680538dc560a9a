package io.hybridwasm.spi;

import io.hybridwasm.RemoteConfig;

import java.util.Optional;

/**
 * The default resolver: every service lives at {@link RemoteConfig#target()}, with the node
 * type from {@link RemoteConfig#nodeTypes()}. Knows nothing when no target is configured.
 * Lowest priority, so any plugged-in resolver is asked first.
 */
public final class StaticServiceResolver extends RemoteServiceResolver {

    /** For {@link java.util.ServiceLoader}, and for building resolver registries by hand. */
    public StaticServiceResolver() {
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
        return config.target().map(target -> new ServiceEndpoint(service, target,
                config.nodeTypes().getOrDefault(service, ""), Optional.empty(), false, false));
    }
}
