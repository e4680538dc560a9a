package io.hybridwasm.services;

import io.grpc.ServerInterceptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.hybridwasm.services.internal.GrpcAccessControl;
import io.hybridwasm.services.internal.GrpcAdmission;
import io.hybridwasm.services.internal.ServerTracing;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link HybridServerBuilder}'s transport settings into a Netty server builder: limits,
 * keepalive and connection lifetimes, TLS, and the interceptor chain. Services and the
 * executor are the {@link HybridServer}'s business.
 */
final class GrpcServerFactory {

    private GrpcServerFactory() {
    }

    /**
     * A Netty builder with {@code config}'s transport settings. Interceptors run in this order:
     * tracing (the server span), the user's (so they see every call), access control, admission,
     * then the service.
     *
     * @throws IOException when the TLS files cannot be read or parsed
     */
    static NettyServerBuilder configure(HybridServerBuilder config, GrpcAdmission admission) throws IOException {
        NettyServerBuilder netty = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.bindAddress, config.port))
                .maxInboundMessageSize(config.maxInboundMessageSize)
                .maxInboundMetadataSize(config.maxInboundMetadataSize)
                .maxConcurrentCallsPerConnection(config.maxConcurrentCallsPerConnection)
                .keepAliveTime(nanos(config.keepAliveTime), TimeUnit.NANOSECONDS)
                .keepAliveTimeout(nanos(config.keepAliveTimeout), TimeUnit.NANOSECONDS)
                .permitKeepAliveTime(nanos(config.permitKeepAliveTime), TimeUnit.NANOSECONDS)
                .permitKeepAliveWithoutCalls(false)
                .maxConnectionIdle(nanos(config.maxConnectionIdle), TimeUnit.NANOSECONDS)
                .handshakeTimeout(nanos(config.handshakeTimeout), TimeUnit.NANOSECONDS);
        if (config.maxConnectionAge != null) {
            netty.maxConnectionAge(nanos(config.maxConnectionAge), TimeUnit.NANOSECONDS)
                    .maxConnectionAgeGrace(nanos(config.maxConnectionAgeGrace), TimeUnit.NANOSECONDS);
        }
        // The last interceptor added runs first.
        netty.intercept(admission);
        if (config.accessPolicy != null) {
            netty.intercept(new GrpcAccessControl(config.accessPolicy));
        }
        for (ServerInterceptor interceptor : config.interceptors) {
            netty.intercept(interceptor);
        }
        netty.intercept(new ServerTracing());
        SslContext tls = sslContext(config);
        if (tls != null) {
            netty.sslContext(tls);
        }
        return netty;
    }

    /** The server's TLS context, or null for plaintext. */
    private static SslContext sslContext(HybridServerBuilder config) throws IOException {
        if (config.sslContext != null) {
            return config.sslContext;
        }
        if (config.certChain == null) {
            return null;
        }
        try {
            SslContextBuilder tls = GrpcSslContexts.forServer(config.certChain.toFile(), config.privateKey.toFile());
            if (config.clientCa != null) {
                tls.trustManager(config.clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return tls.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS from certificate chain " + config.certChain + ", private key "
                    + config.privateKey + (config.clientCa != null ? ", client CA " + config.clientCa : "")
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether the server is TLS, and whether it also requires client certificates, for logs. */
    static String tlsMode(HybridServerBuilder config) {
        if (config.clientCa != null) {
            return "mutual TLS";
        }
        return config.sslContext != null || config.certChain != null ? "TLS" : "plaintext";
    }

    private static long nanos(Duration d) {
        return d.toNanos();
    }
}
