package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;
import io.hybridwasm.spi.StaticServiceResolver;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StaticReplicaResolver} and {@link DnsReplicaResolver}: targets, flags, validation, registration. */
class ReplicaResolversTest {
    private static final RemoteConfig CONFIG = RemoteConfig.builder().target("default:1")
            .nodeTypes(Map.of("Vad", "vad.Energy")).build();

    @Test
    void aStaticResolverRoutesItsServicesToAStaticTargetOverTheirReplicas() {
        StaticReplicaResolver resolver = StaticReplicaResolver.builder()
                .service("Vad", "10.0.0.1:50051", " 10.0.0.2:50051", "vad-3:50052")
                .idempotent("Vad")
                .build();
        ServiceEndpoint vad = resolver.resolve("Vad", CONFIG).orElseThrow();
        assertEquals("static:///10.0.0.1:50051,10.0.0.2:50051,vad-3:50052", vad.target());
        assertEquals("vad.Energy", vad.nodeType());
        assertTrue(vad.idempotent());
        assertFalse(vad.cacheable());
        assertEquals(Optional.empty(), resolver.resolve("Echo", CONFIG));
        assertEquals("static-replicas", resolver.name());
        assertEquals(5, resolver.priority());
    }

    @Test
    void aDnsResolverRoutesItsServicesToADnsTarget() {
        DnsReplicaResolver resolver = DnsReplicaResolver.builder()
                .service("Vad", "vad.default.svc.cluster.local", 50051)
                .cacheable("Vad")
                .priority(7)
                .build();
        ServiceEndpoint vad = resolver.resolve("Vad", CONFIG).orElseThrow();
        assertEquals("dns:///vad.default.svc.cluster.local:50051", vad.target());
        assertTrue(vad.cacheable());
        assertFalse(vad.idempotent());
        assertEquals(Optional.empty(), resolver.resolve("Echo", CONFIG));
        assertEquals(Map.of("Vad", "dns:///vad.default.svc.cluster.local:50051"), resolver.targets());
        assertEquals(7, resolver.priority());
    }

    @Test
    void theyAnswerForTheirServicesAndLeaveTheRestToTheDefaultResolver() {
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        registry.register(new StaticServiceResolver());
        registry.register(DnsReplicaResolver.builder().service("Vad", "vad.test", 50051).build());
        registry.register(StaticReplicaResolver.builder().service("Asr", "127.0.0.1:1", "127.0.0.1:2").build());
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(CONFIG).resolvers(registry).build()) {
            assertEquals("dns:///vad.test:50051", client.resolve("Vad").orElseThrow().target());
            assertEquals("static:///127.0.0.1:1,127.0.0.1:2", client.resolve("Asr").orElseThrow().target());
            assertEquals("default:1", client.resolve("Echo").orElseThrow().target());
        }
    }

    @Test
    void badConfigurationsAreRefusedByBuildNamingTheProblem() {
        assertRefused(StaticReplicaResolver.builder()::build, "no service configured");
        assertRefused(StaticReplicaResolver.builder().service("Vad", List.of())::build, "no replica addresses");
        assertRefused(StaticReplicaResolver.builder().service("Vad", "10.0.0.1")::build, "not host:port");
        assertRefused(StaticReplicaResolver.builder().service("Vad", "[::1]:50051")::build, "IPv6");
        assertRefused(StaticReplicaResolver.builder().service("Vad", "a:1").idempotent("Asr")::build, "'Asr'");
        assertRefused(DnsReplicaResolver.builder().service("Vad", "dns:///vad", 50051)::build, "not a host name");
        assertRefused(DnsReplicaResolver.builder().service("Vad", "vad:50051", 50051)::build, "not a host name");
        assertRefused(DnsReplicaResolver.builder().service("Vad", "vad", 0)::build, "outside 1..65535");
        assertRefused(DnsReplicaResolver.builder().service("Vad", "vad", 1).priority(11)::build, "priority");
    }

    @Test
    void aServiceLoaderSubclassNeverThrowsAndIsUnavailableWhenMisconfigured() {
        RemoteServiceResolver broken = new BrokenReplicas();
        assertFalse(broken.isAvailable());
        assertEquals(Optional.empty(), broken.resolve("Vad", CONFIG));
        ProviderRegistry<RemoteServiceResolver> registry = ProviderRegistry.empty(RemoteServiceResolver.class);
        assertFalse(registry.register(broken), "an unavailable resolver is not registered");
        assertTrue(new VadReplicas().isAvailable());
    }

    @Test
    void neitherIsDiscoveredByServiceLoaderOnItsOwn() {
        List<String> found = ServiceLoader.load(RemoteServiceResolver.class).stream()
                .map(p -> p.type().getName()).toList();
        assertFalse(found.contains(StaticReplicaResolver.class.getName()), found.toString());
        assertFalse(found.contains(DnsReplicaResolver.class.getName()), found.toString());
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable build, String mentioning) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(mentioning), e.getMessage());
    }

    /** How an embedder ships a configured resolver for guests: a no-argument subclass. */
    public static final class VadReplicas extends DnsReplicaResolver {
        public VadReplicas() {
            super(builder().service("Vad", "vad.default.svc.cluster.local", 50051));
        }
    }

    public static final class BrokenReplicas extends StaticReplicaResolver {
        public BrokenReplicas() {
            super(builder().service("Vad", "no-port"));
        }
    }
}
