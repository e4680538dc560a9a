package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;

import java.util.Optional;

/**
 * Asks the resolvers of a registry, highest priority first, where a service lives; the first
 * non-empty answer wins. Stateless; resolvers are expected to answer from memory.
 */
public final class ServiceResolution {
    private ServiceResolution() {
    }

    /**
     * The endpoint of {@code service}, or empty when no resolver knows it.
     *
     * @throws RemoteCallException {@link HostStatus#SERVICE_UNAVAILABLE} when a resolver fails
     *                             (throws, or answers null), rather than silently asking the next one
     */
    public static Optional<ServiceEndpoint> resolve(ProviderRegistry<RemoteServiceResolver> registry, String service,
                                                    RemoteConfig config) {
        for (RemoteServiceResolver resolver : registry.providers()) {
            Optional<ServiceEndpoint> endpoint;
            try {
                endpoint = resolver.resolve(service, config);
            } catch (RuntimeException e) {
                throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE,
                        "resolver '" + resolver.name() + "' failed for service " + service + ": " + e, e);
            }
            if (endpoint == null) {
                throw new RemoteCallException(HostStatus.SERVICE_UNAVAILABLE,
                        "resolver '" + resolver.name() + "' answered null for service " + service);
            }
            if (endpoint.isPresent()) {
                return endpoint;
            }
        }
        return Optional.empty();
    }
}
