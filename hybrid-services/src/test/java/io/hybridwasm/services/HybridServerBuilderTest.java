package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridServerBuilderTest {

    @Test
    void rejectsBadValuesNamingThem() {
        HybridServerBuilder builder = HybridServer.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.port(70_000))
                .getMessage().contains("70000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxSessions(0))
                .getMessage().contains("maxSessions"));
        assertThrows(IllegalArgumentException.class, () -> builder.sessionIdleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.workerThreads(0));
        assertThrows(IllegalArgumentException.class, () -> builder.bindAddress(" "));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> builder.tls(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem")))
                .getMessage().contains("/nonexistent/cert.pem"));
    }

    @Test
    void aServerHasNoPortBeforeItStartsAndCannotStartAfterClose() {
        HybridServer server = HybridServer.builder().build();
        assertThrows(IllegalStateException.class, server::port);
        server.close();
        assertEquals("server is closed", assertThrows(IllegalStateException.class, server::start).getMessage());
    }

    @Test
    void defaultsAreLoopbackFriendly() {
        assertEquals(16 * 1024 * 1024, HybridServerBuilder.DEFAULT_MAX_INBOUND_MESSAGE_SIZE);
        assertEquals(Duration.ofMinutes(10), HybridServerBuilder.DEFAULT_SESSION_IDLE_TIMEOUT);
        assertEquals(10_000, HybridServerBuilder.DEFAULT_MAX_SESSIONS);
        assertEquals("127.0.0.1", HybridServer.builder().bindAddress);
    }

    @Test
    void rejectsBadLimitsAndTimeoutsNamingThem() {
        HybridServerBuilder builder = HybridServer.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxConcurrentCalls(0))
                .getMessage().contains("maxConcurrentCalls must be >= 1, was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxInboundMetadataSize(-1))
                .getMessage().contains("maxInboundMetadataSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.keepAliveTime(Duration.ZERO))
                .getMessage().contains("keepAliveTime must be positive, was PT0S"));
        assertThrows(IllegalArgumentException.class, () -> builder.keepAliveTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.permitKeepAliveTime(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.maxConnectionIdle(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.maxConnectionAge(Duration.ofMinutes(1), Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.clientAuth(Path.of("/nonexistent/ca.pem")));
        assertThrows(NullPointerException.class, () -> builder.accessPolicy(null));
    }

    @Test
    void clientAuthNeedsTlsFromFiles(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "placeholder");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HybridServer.builder().clientAuth(ca).build());
        assertTrue(e.getMessage().contains("needs tls(certChainPem, privateKeyPem)"), e.getMessage());
    }

    @Test
    void aBuiltServerKeepsEverySettingAndIsUnaffectedByLaterChanges(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("x.pem"), "placeholder");
        HybridServerBuilder builder = HybridServer.builder().port(1234).bindAddress("::1")
                .registry(HostedServiceRegistry.empty()).workerThreads(3).maxInboundMessageSize(10)
                .maxInboundMetadataSize(11).maxConcurrentCallsPerConnection(12).maxConcurrentCalls(13)
                .maxQueuedCalls(25)
                .keepAliveTime(Duration.ofSeconds(14)).keepAliveTimeout(Duration.ofSeconds(15))
                .permitKeepAliveTime(Duration.ofSeconds(16)).maxConnectionIdle(Duration.ofSeconds(17))
                .maxConnectionAge(Duration.ofSeconds(18), Duration.ofSeconds(19))
                .handshakeTimeout(Duration.ofSeconds(24)).accessPolicy(AccessPolicy.singleToken("t"))
                .intercept(new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                            ServerCallHandler<Q, R> next) {
                        return next.startCall(call, headers);
                    }
                })
                .tls(pem, pem).clientAuth(pem).sessionIdleTimeout(Duration.ofSeconds(21)).maxSessions(22)
                .shutdownGracePeriod(Duration.ofSeconds(23)).diagnostics(true);
        HybridServerBuilder copy = builder.copy();
        for (Field field : HybridServerBuilder.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Object original = field.get(builder);
            assertEquals(original, field.get(copy), field.getName());
            if (!field.getName().equals("executor") && !field.getName().equals("directExecutor")
                    && !field.getName().equals("sslContext")) {
                assertNotEquals(field.get(HybridServer.builder()), original, field.getName() + " kept its default");
            }
        }
        builder.maxConcurrentCalls(99);
        assertEquals(13, copy.maxConcurrentCalls);
    }

    @Test
    void productionDefaults() {
        HybridServerBuilder defaults = HybridServer.builder();
        assertEquals(8 * 1024, defaults.maxInboundMetadataSize);
        assertEquals(1_000, defaults.maxConcurrentCalls);
        assertEquals(Duration.ofMinutes(2), defaults.keepAliveTime);
        assertEquals(Duration.ofMinutes(1), defaults.permitKeepAliveTime);
        assertEquals(Duration.ofMinutes(15), defaults.maxConnectionIdle);
        assertEquals(null, defaults.maxConnectionAge);
        assertEquals(null, defaults.accessPolicy);
    }
}
