package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.testing.TestCertificates;
import io.hybridwasm.services.testing.TestServer;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS on a real server, with certificates generated for the test run. */
class TlsIT {

    @TempDir
    static Path dir;
    private static TestCertificates.Bundle pki;

    @BeforeAll
    static void issue() {
        pki = TestCertificates.generate(dir);
    }

    private static HybridServer tlsServer(boolean mutual, AccessPolicy policy) throws IOException {
        HybridServerBuilder builder = HybridServer.builder().port(0)
                .tls(pki.server().certificate(), pki.server().privateKey());
        if (mutual) {
            builder.clientAuth(pki.caCertificate());
        }
        if (policy != null) {
            builder.accessPolicy(policy);
        }
        return builder.build().start();
    }

    /** Calls Echo over TLS trusting {@code ca}, presenting {@code clientCert} if given. */
    private static String echo(HybridServer server, Path ca, TestCertificates.Pem clientCert, String token)
            throws IOException {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(ca.toFile());
        if (clientCert != null) {
            tls.keyManager(clientCert.certificate().toFile(), clientCert.privateKey().toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .sslContext(tls.build()).build();
        try {
            RemoteExecutionGrpc.RemoteExecutionBlockingStub stub = RemoteExecutionGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS);
            if (token != null) {
                stub = stub.withInterceptors(TestServer.bearer(token));
            }
            return stub.execute(ExecuteRequest.newBuilder().setService("Echo")
                    .setInput(Payload.newBuilder().setData(ByteString.copyFromUtf8("over tls"))).build())
                    .getOutput().getData().toStringUtf8();
        } finally {
            channel.shutdownNow();
        }
    }

    private static StatusRuntimeException refused(ThrowingCall call) {
        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 4_000, "the refusal took " + ms + " ms");
        return e;
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** The status description and every cause's message, lower case. */
    private static String explanation(StatusRuntimeException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    @Test
    void aClientTrustingTheServersCaIsServed() throws Exception {
        try (HybridServer server = tlsServer(false, null)) {
            assertEquals("over tls", echo(server, pki.caCertificate(), null, null));
        }
    }

    @Test
    void aClientTrustingAnotherCaFailsClearlyOnTheCertificate() throws Exception {
        try (HybridServer server = tlsServer(false, null)) {
            StatusRuntimeException e = refused(() -> echo(server, pki.otherCaCertificate(), null, null));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            String why = explanation(e);
            assertTrue(why.contains("certification path") || why.contains("certificate"), why);
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        try (HybridServer server = tlsServer(true, null)) {
            assertEquals(Status.Code.UNAVAILABLE,
                    refused(() -> echo(server, pki.caCertificate(), null, null)).getStatus().getCode());
        }
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherCa() throws Exception {
        try (HybridServer server = tlsServer(true, null)) {
            assertEquals(Status.Code.UNAVAILABLE,
                    refused(() -> echo(server, pki.caCertificate(), pki.otherClient(), null)).getStatus().getCode());
        }
    }

    @Test
    void mutualTlsServesAClientCertifiedByTheTrustedCaAndStillChecksTheToken() throws Exception {
        try (HybridServer server = tlsServer(true, AccessPolicy.singleToken("tls-token"))) {
            assertEquals("over tls", echo(server, pki.caCertificate(), pki.client(), "tls-token"));
            assertEquals(Status.Code.UNAUTHENTICATED,
                    refused(() -> echo(server, pki.caCertificate(), pki.client(), "other")).getStatus().getCode());
        }
    }

    @Test
    void unreadableTlsMaterialFailsStartNamingTheFiles() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        HybridServer server = HybridServer.builder().port(0).tls(garbage, pki.server().privateKey()).build();
        IOException e = assertThrows(IOException.class, server::start);
        assertTrue(e.getMessage().contains("garbage.pem"), e.getMessage());
        server.close();
    }
}
