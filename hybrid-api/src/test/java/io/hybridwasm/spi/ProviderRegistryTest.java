package io.hybridwasm.spi;

import io.hybridwasm.RemoteConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderRegistryTest {

    @Test
    void ordersByPriorityThenClassNameAndDropsUnavailable() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        Fixed low = new Fixed("low", 1, true);
        Fixed high = new Fixed("high", 9, true);
        Fixed off = new Fixed("off", 10, false);
        assertTrue(registry.register(low));
        assertTrue(registry.register(high));
        assertFalse(registry.register(off));
        assertEquals(List.of(high, low), registry.providers());
        assertTrue(registry.deregister(high));
        assertEquals(List.of(low), registry.providers());
    }

    /** providers() is read on every remote call: an unchanging snapshot, not a copy per call. */
    @Test
    void providersIsASnapshotThatLaterChangesDoNotTouch() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        Fixed first = new Fixed("first", 1, true);
        registry.register(first);
        List<RemoteServiceResolver> before = registry.providers();
        assertSame(before, registry.providers());
        registry.register(new Fixed("second", 2, true));
        assertFalse(registry.deregister(new Fixed("never", 3, true)));
        assertEquals(List.of(first), before);
        assertEquals(2, registry.providers().size());
        assertThrows(UnsupportedOperationException.class, () -> registry.providers().clear());
    }

    @Test
    void providerThrowingFromIsAvailableIsSkipped() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        assertFalse(registry.register(new Fixed("broken", 5, true) {
            @Override
            public boolean isAvailable() {
                throw new IllegalStateException("boom");
            }
        }));
        assertTrue(registry.providers().isEmpty());
    }

    @Test
    void serviceLoaderFindsTheStaticDefault() {
        List<RemoteServiceResolver> found =
                ProviderRegistry.load(RemoteServiceResolver.class, getClass().getClassLoader()).providers();
        assertTrue(found.stream().anyMatch(r -> r instanceof StaticServiceResolver), found.toString());
    }

    @Test
    void staticResolverUsesTheTargetAndNodeTypes() {
        StaticServiceResolver resolver = new StaticServiceResolver();
        assertEquals(Optional.empty(), resolver.resolve("Echo", RemoteConfig.NONE));
        RemoteConfig config = RemoteConfig.builder().target("127.0.0.1:7000")
                .nodeTypes(java.util.Map.of("VoiceActivityDetector", "audio.Vad")).build();
        ServiceEndpoint vad = resolver.resolve("VoiceActivityDetector", config).orElseThrow();
        assertEquals("127.0.0.1:7000", vad.target());
        assertEquals("audio.Vad", vad.nodeType());
        assertEquals("", resolver.resolve("Echo", config).orElseThrow().nodeType());
    }

    @Test
    void functionTypePrintsLikeWat() {
        assertEquals("(i32, i32, i32, i32) -> i32", FunctionType.i32s(4).toString());
        assertEquals("() -> ()", FunctionType.of(List.of(), List.of()).toString());
    }

    private static class Fixed extends RemoteServiceResolver {
        private final String name;
        private final int priority;
        private final boolean available;

        Fixed(String name, int priority, boolean available) {
            this.name = name;
            this.priority = priority;
            this.available = available;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public Optional<ServiceEndpoint> resolve(String service, RemoteConfig config) {
            return Optional.empty();
        }
    }
}
