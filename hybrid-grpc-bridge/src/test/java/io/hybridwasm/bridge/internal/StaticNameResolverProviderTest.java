package io.hybridwasm.bridge.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.hybridwasm.bridge.internal.StaticNameResolverProvider.HostAndPort;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

class StaticNameResolverProviderTest {
    private final StaticNameResolverProvider provider = new StaticNameResolverProvider();

    @Test
    void parsesAListOfHostsAndPortsInOrder() {
        assertEquals(List.of(new HostAndPort("10.0.0.1", 50051), new HostAndPort("vad-2", 50052),
                        new HostAndPort("::1", 7)),
                StaticNameResolverProvider.parseAddresses("10.0.0.1:50051, vad-2:50052,[::1]:7"));
    }

    @Test
    void rejectsMalformedEntriesNamingThem() {
        for (String bad : List.of("", "host", "host:", ":80", "a:1,,b:2", "h:0", "h:65536", "h:http")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StaticNameResolverProvider.parseAddresses(bad), bad);
            assertTrue(e.getMessage().contains("static target entry"), e.getMessage());
        }
    }

    @Test
    void recognisesItsSchemeOnly() {
        assertTrue(StaticNameResolverProvider.handles("static:///a:1"));
        assertTrue(StaticNameResolverProvider.handles("STATIC:///a:1"));
        assertFalse(StaticNameResolverProvider.handles("dns:///a:1"));
        assertFalse(StaticNameResolverProvider.handles("127.0.0.1:50051"));
        assertNull(provider.newNameResolver(URI.create("dns:///a:1"), args()));
        assertEquals("static", provider.getDefaultScheme());
    }

    @Test
    void resolvesEveryEntryToItsOwnAddressGroup() throws Exception {
        NameResolver resolver = provider.newNameResolver(URI.create("static:///127.0.0.1:5001,127.0.0.1:5002"), args());
        assertEquals("127.0.0.1:5001", resolver.getServiceAuthority());
        NameResolver.ResolutionResult result = resolve(resolver);
        List<EquivalentAddressGroup> groups = result.getAddressesOrError().getValue();
        assertEquals(2, groups.size());
        assertEquals(5001, ((InetSocketAddress) groups.get(0).getAddresses().get(0)).getPort());
        assertEquals(5002, ((InetSocketAddress) groups.get(1).getAddresses().get(0)).getPort());
        resolver.shutdown();
    }

    @Test
    void anUnresolvableHostFailsAsUnavailableWithTheLookupFailureAsCause() throws Exception {
        NameResolver resolver = provider.newNameResolver(URI.create("static:///no-such-host.invalid:5001"), args());
        Status status = resolve(resolver).getAddressesOrError().getStatus();
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertInstanceOf(UnknownHostException.class, status.getCause());
        assertEquals(io.hybridwasm.HostStatus.NETWORK_ERROR, StatusTable.hostStatus(status, false));
    }

    private static NameResolver.ResolutionResult resolve(NameResolver resolver) throws Exception {
        CompletableFuture<NameResolver.ResolutionResult> result = new CompletableFuture<>();
        resolver.start(new NameResolver.Listener2() {
            @Override
            public void onResult(NameResolver.ResolutionResult r) {
                result.complete(r);
            }

            @Override
            public void onError(Status error) {
                result.completeExceptionally(error.asRuntimeException());
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static NameResolver.Args args() {
        return NameResolver.Args.newBuilder()
                .setDefaultPort(443)
                .setProxyDetector(address -> null)
                .setSynchronizationContext(new SynchronizationContext((t, e) -> { throw new AssertionError(e); }))
                .setServiceConfigParser(mock(NameResolver.ServiceConfigParser.class))
                .build();
    }
}
