package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;
import io.hybridwasm.spi.StaticServiceResolver;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceResolutionTest {
    private static final RemoteConfig CONFIG = RemoteConfig.builder().target("default:1").build();

    @Test
    void aHigherPriorityResolverIsAskedFirstAndItsAnswerWins() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        registry.register(new StaticServiceResolver());
        registry.register(resolver("mesh", 7, "Vad", "mesh:2"));
        assertEquals("mesh:2", ServiceResolution.resolve(registry, "Vad", CONFIG).orElseThrow().target());
        assertEquals("default:1", ServiceResolution.resolve(registry, "Echo", CONFIG).orElseThrow().target(),
                "a resolver that does not know the service leaves it to the next");
    }

    @Test
    void noAnswerIsEmpty() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        registry.register(new StaticServiceResolver());
        assertEquals(Optional.empty(), ServiceResolution.resolve(registry, "Echo", RemoteConfig.NONE));
    }

    @Test
    void theDefaultRegistryFindsTheStaticResolver() {
        ProviderRegistry<RemoteServiceResolver> registry =
                ProviderRegistry.load(RemoteServiceResolver.class, getClass().getClassLoader());
        assertEquals("default:1", ServiceResolution.resolve(registry, "Echo", CONFIG).orElseThrow().target());
    }

    @Test
    void aFailingResolverIsReportedNotSkipped() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        registry.register(new StaticServiceResolver());
        registry.register(new RemoteServiceResolver() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
                throw new IllegalStateException("registry offline");
            }
        });
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> ServiceResolution.resolve(registry, "Echo", CONFIG));
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
    }

    private static RemoteServiceResolver resolver(String name, int priority, String service, String target) {
        return new RemoteServiceResolver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Optional<ServiceEndpoint> resolve(String s, RemoteConfig config) {
                return s.equals(service) ? Optional.of(ServiceEndpoint.of(s, target)) : Optional.empty();
            }
        };
    }
}
