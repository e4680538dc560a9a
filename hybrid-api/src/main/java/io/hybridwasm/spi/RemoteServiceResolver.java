package io.hybridwasm.spi;

import io.hybridwasm.RemoteConfig;

import java.util.Optional;

/**
 * Maps a service name to the endpoint serving it. Discovered with {@link java.util.ServiceLoader};
 * resolvers are asked in priority order and the first answer wins, so a plugin with a higher
 * priority than {@link StaticServiceResolver} (priority 0) can route some or all services
 * elsewhere (a registry, a mesh) and leave the rest to the default.
 *
 * <p>Called on guest threads for every remote call: answer from memory, do not block.
 */
public abstract class RemoteServiceResolver implements HybridProvider {

    /** For subclasses; must not throw (see {@link HybridProvider}). */
    protected RemoteServiceResolver() {
    }

    /**
     * The endpoint for {@code service} under {@code config}, or empty when this resolver does not
     * know the service (the next resolver is asked; if none knows it the guest sees
     * {@code UNKNOWN_SERVICE}).
     */
    public abstract Optional<ServiceEndpoint> resolve(String service, RemoteConfig config);
}
