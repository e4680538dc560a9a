package io.hybridwasm.bridge;

import io.grpc.TlsServerCredentials;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.TestCertificates;
import io.hybridwasm.bridge.testing.TestCertificates.Issued;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS and mutual TLS channels built from {@link RemoteConfig.Tls}, against a real TLS server. */
class TlsIT {
    @TempDir
    static Path dir;
    private static Issued serverCert;
    private static Issued clientCert;

    @BeforeAll
    static void issue() {
        serverCert = TestCertificates.selfSigned(dir, "hybrid.test");
        clientCert = TestCertificates.selfSigned(dir, "guest.client");
    }

    private static TestRemoteServer mutualTlsServer() throws Exception {
        return TestRemoteServer.withCredentials("tls", TlsServerCredentials.newBuilder()
                .keyManager(serverCert.certificate().toFile(), serverCert.privateKey().toFile())
                .trustManager(clientCert.certificate().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
    }

    @Test
    void mutualTlsWithAnAuthorityOverrideCarriesCallsAndTheToken() throws Exception {
        try (TestRemoteServer server = mutualTlsServer();
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target())
                     .authToken("tls-token")
                     .tls(new RemoteConfig.Tls(Optional.of(serverCert.certificate()),
                             Optional.of(clientCert.certificate()), Optional.of(clientCert.privateKey()),
                             Optional.of("hybrid.test")))
                     .build()).build()) {
            assertArrayEquals(new byte[] {7, 7}, client.call("Echo", new byte[] {7, 7}).bytes());
            assertTrue(server.authorizations.contains("Bearer tls-token"));
        }
    }

    @Test
    void aClientWithoutItsCertificateIsRefused() throws Exception {
        try (TestRemoteServer server = mutualTlsServer();
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(20))
                     .tls(new RemoteConfig.Tls(Optional.of(serverCert.certificate()), Optional.empty(),
                             Optional.empty(), Optional.of("hybrid.test")))
                     .build()).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            System.out.println("no client certificate -> " + e.status() + ": " + e.getMessage());
            assertEquals(HostStatus.UNAUTHENTICATED, e.status(), e.getMessage());
        }
    }

    @Test
    void aServerCertificateForAnotherNameIsRejected() throws Exception {
        try (TestRemoteServer server = mutualTlsServer();
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(20))
                     .tls(new RemoteConfig.Tls(Optional.of(serverCert.certificate()),
                             Optional.of(clientCert.certificate()), Optional.of(clientCert.privateKey()),
                             Optional.empty()))
                     .build()).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            System.out.println("wrong server name -> " + e.status() + ": " + e.getMessage());
            assertEquals(HostStatus.NETWORK_ERROR, e.status(), "the handshake failed on this side");
        }
    }

    @Test
    void unreadableCertificateFilesAreReportedClearly() {
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                .target("127.0.0.1:1")
                .tls(RemoteConfig.Tls.trusting(dir.resolve("missing.crt"))).build()).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("missing.crt"), e.getMessage());
        }
    }
}
