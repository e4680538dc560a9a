package io.hybridwasm.bridge;

import io.hybridwasm.spi.HostFunction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** House rule 2 for this module: no gRPC, Netty or protobuf type in a public signature. */
class PublicApiSurfaceTest {
    private static final List<Class<?>> PUBLIC_TYPES = List.of(RemoteExecutionClient.class,
            RemoteExecutionClient.Builder.class, RemoteRequest.class, RemoteRequest.Builder.class, RemoteResult.class,
            RemoteServiceInfo.class, RemoteStream.class, GrpcBridgeProvider.class, StaticReplicaResolver.class,
            StaticReplicaResolver.Builder.class, DnsReplicaResolver.class, DnsReplicaResolver.Builder.class);
    private static final List<String> FORBIDDEN = List.of("io.grpc", "io.netty", "com.google.protobuf",
            "io.hybridwasm.proto", "io.hybridwasm.bridge.internal");

    @Test
    void publicSignaturesUseOnlyTheJdkAndHybridApiTypes() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : PUBLIC_TYPES) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            for (Executable member : members) {
                if (!Modifier.isPublic(member.getModifiers()) && !Modifier.isProtected(member.getModifiers())) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
                if (member instanceof Method method) {
                    types.add(method.getGenericReturnType());
                }
                for (Type t : types) {
                    for (String prefix : FORBIDDEN) {
                        if (t.getTypeName().contains(prefix)) {
                            leaks.add(type.getSimpleName() + "." + member.getName() + ": " + t.getTypeName());
                        }
                    }
                }
            }
            for (Type t : type.getGenericInterfaces()) {
                FORBIDDEN.forEach(p -> {
                    if (t.getTypeName().contains(p)) {
                        leaks.add(type.getSimpleName() + " implements " + t.getTypeName());
                    }
                });
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void theProviderIsRegisteredForServiceLoaderUnderItsName() {
        var providers = ServiceLoader.load(io.hybridwasm.spi.HostFunctionProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertTrue(providers.stream().anyMatch(p -> p instanceof GrpcBridgeProvider && p.name().equals("grpc-bridge")),
                providers.toString());
        providers.forEach(io.hybridwasm.spi.HostFunctionProvider::close);
    }

    @Test
    void constructingTheProviderStartsNothing() throws Exception {
        Constructor<GrpcBridgeProvider> constructor = GrpcBridgeProvider.class.getConstructor();
        try (GrpcBridgeProvider provider = constructor.newInstance()) {
            assertEquals(List.of("call_remote_service", "stream_to_remote", "get_remote_session", "last_error",
                            "call_remote_in_session", "call_remote_batch"),
                    provider.functions().stream().map(HostFunction::name).toList());
        }
    }
}
