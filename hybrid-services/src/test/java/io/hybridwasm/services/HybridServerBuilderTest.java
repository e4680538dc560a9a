package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
