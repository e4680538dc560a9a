package io.hybridwasm.examples.e2e;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.Hybrid;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.patterns;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security promises of docs/security.md, end to end from a wasm guest: a mutually
 * authenticated TLS server that also wants a bearer token, which lets one token call only Echo.
 */
class SecurityIT {
    private static final String TOKEN = "hybrid-test-token-1";
    private static final String ECHO_ONLY = "hybrid-test-token-echo";

    @TempDir
    static Path certs;
    static TestCertificates.Bundle bundle;
    static HybridServer server;
    static WasmRuntime runtime;
    static String target;

    @BeforeAll
    static void start() throws Exception {
        bundle = TestCertificates.generate(certs);
        AccessPolicy policy = AccessPolicy.builder().grant(TOKEN, AccessPolicy.ALL_SERVICES).grant(ECHO_ONLY, "Echo").build();
        server = HybridServer.builder().port(0).accessPolicy(policy)
                .tls(bundle.server().certificate(), bundle.server().privateKey())
                .clientAuth(bundle.caCertificate())
                .build().start();
        target = "localhost:" + server.port();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
    }

    private static RemoteConfig.Builder remote(Optional<String> token, Path trusted, TestCertificates.Pem client) {
        RemoteConfig.Builder b = RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(10))
                .tls(new RemoteConfig.Tls(Optional.of(trusted), Optional.of(client.certificate()),
                        Optional.of(client.privateKey()), Optional.empty()));
        token.ifPresent(b::authToken);
        return b;
    }

    private static int guestStatus(RemoteConfig remote, String service) {
        try (WasmNode node = runtime.load(patterns("call_service", target, service).remote(remote).build())) {
            try {
                byte[] out = node.process(input("ping".getBytes(StandardCharsets.UTF_8), service));
                assertEquals("ping", text(out));
                return 0;
            } catch (GuestStatusException e) {
                return e.code();
            }
        }
    }

    @Test
    void rightTokenOverMutualTlsIsServed() {
        assertEquals(0, guestStatus(remote(Optional.of(TOKEN), bundle.caCertificate(), bundle.client()).build(), "Echo"));
    }

    @Test
    void missingOrWrongTokenIsMinusSeven() {
        assertEquals(-7, guestStatus(remote(Optional.empty(), bundle.caCertificate(), bundle.client()).build(), "Echo"));
        assertEquals(-7, guestStatus(remote(Optional.of("not-the-token"), bundle.caCertificate(), bundle.client()).build(), "Echo"));
    }

    @Test
    void tokenLimitedToEchoCannotCallTheVad() {
        RemoteConfig echoOnly = remote(Optional.of(ECHO_ONLY), bundle.caCertificate(), bundle.client()).build();
        assertEquals(0, guestStatus(echoOnly, "Echo"));
        long before = server.stats().executeCalls("VoiceActivityDetector");
        assertEquals(-7, guestStatus(echoOnly, "VoiceActivityDetector"));
        assertEquals(before, server.stats().executeCalls("VoiceActivityDetector"));
    }

    @Test
    void wrongCertificateAuthorityFailsClearly() {
        RemoteConfig wrongCa = remote(Optional.of(TOKEN), bundle.otherCaCertificate(), bundle.client()).build();
        assertEquals(-1, guestStatus(wrongCa, "Echo"), "the handshake failed on this side: NETWORK_ERROR");
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(wrongCa).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            String chain = describe(e);
            assertTrue(chain.contains("certification path") || chain.contains("certificate"), chain);
        }
    }

    @Test
    void clientCertificateFromAnotherAuthorityIsRefused() {
        assertEquals(-7, guestStatus(remote(Optional.of(TOKEN), bundle.caCertificate(), bundle.otherClient()).build(),
                "Echo"), "the server refused the client's certificate: UNAUTHENTICATED");
    }

    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c).append(" <- ");
        }
        return b.toString();
    }
}
