package io.hybridwasm.services;

import io.grpc.ServerInterceptor;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures a {@link HybridServer}; get one from {@link HybridServer#builder()}.
 *
 * <p>Defaults: port 0 (any free port), bound to 127.0.0.1 only, the services on the class
 * path, a bounded worker pool, 16 MiB maximum inbound message, plaintext, sessions idle out
 * after 10 minutes with at most 10000 open, and 5 seconds of grace on close. Setters validate
 * eagerly and name the bad value. Not thread-safe; a builder may build several servers.
 */
public final class HybridServerBuilder {

    /** The default maximum inbound message size: 16 MiB. */
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** The default idle time after which a session expires: 10 minutes. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The default cap on open sessions. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    /** The default time {@link HybridServer#close()} lets in-flight calls finish. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    int port;
    String bindAddress = "127.0.0.1";
    HostedServiceRegistry registry;
    Executor executor;
    boolean directExecutor;
    int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    int maxConcurrentCallsPerConnection = 1_000;
    final List<ServerInterceptor> interceptors = new ArrayList<>();
    SslContext sslContext;
    Path certChain;
    Path privateKey;
    Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    int maxSessions = DEFAULT_MAX_SESSIONS;
    Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

    HybridServerBuilder() {
    }

    /** The TCP port, 0..65535; 0 (the default) picks a free one, see {@link HybridServer#port()}. */
    public HybridServerBuilder port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /**
     * The address to listen on: a host name or IP literal. Defaults to {@code 127.0.0.1}, so
     * a server is reachable from this machine only unless configured otherwise (e.g.
     * {@code "0.0.0.0"}; do that only with TLS and authentication in front).
     */
    public HybridServerBuilder bindAddress(String host) {
        if (Objects.requireNonNull(host, "host").isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        this.bindAddress = host;
        return this;
    }

    /** The services to host; defaults to {@link HostedServiceRegistry#defaultRegistry()}. */
    public HybridServerBuilder registry(HostedServiceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Runs calls on {@code executor}, which the caller owns and shuts down after the server.
     * By default the server owns a fixed pool of {@link #workerThreads} threads: services may
     * block (Sleep) or burn CPU (the VAD), which must never happen on Netty's event loops,
     * and a fixed pool keeps the thread count bounded under load.
     */
    public HybridServerBuilder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.directExecutor = false;
        return this;
    }

    /**
     * Runs calls directly on Netty's event-loop threads: the least overhead (useful for Echo
     * benchmarks) but only safe when every hosted service is fast and never blocks.
     */
    public HybridServerBuilder directExecutor() {
        this.directExecutor = true;
        this.executor = null;
        return this;
    }

    /** The size of the server-owned worker pool; defaults to max(4, 2 × cores). */
    public HybridServerBuilder workerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("workerThreads must be >= 1, was " + threads);
        }
        this.workerThreads = threads;
        return this;
    }

    /** The largest request message accepted (larger ones fail RESOURCE_EXHAUSTED); default 16 MiB. */
    public HybridServerBuilder maxInboundMessageSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxInboundMessageSize must be >= 1, was " + bytes);
        }
        this.maxInboundMessageSize = bytes;
        return this;
    }

    /** How many calls one client connection may have open at once; default 1000. */
    public HybridServerBuilder maxConcurrentCallsPerConnection(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be >= 1, was " + calls);
        }
        this.maxConcurrentCallsPerConnection = calls;
        return this;
    }

    /**
     * Adds an interceptor that sees every call to every service (including health and
     * reflection); the hook for authentication, auditing and metrics. Interceptors added
     * later run first, as with grpc-java's {@code ServerBuilder.intercept}.
     */
    public HybridServerBuilder intercept(ServerInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /** Serves TLS with a ready Netty server context (e.g. from {@code GrpcSslContexts}). */
    public HybridServerBuilder tls(SslContext serverContext) {
        if (!Objects.requireNonNull(serverContext, "serverContext").isServer()) {
            throw new IllegalArgumentException("tls needs a server-side SslContext");
        }
        this.sslContext = serverContext;
        this.certChain = null;
        this.privateKey = null;
        return this;
    }

    /** Serves TLS with a PEM certificate chain and PEM PKCS#8 private key, read at start. */
    public HybridServerBuilder tls(Path certChainPem, Path privateKeyPem) {
        for (Path p : List.of(certChainPem, privateKeyPem)) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file is not readable: " + p);
            }
        }
        this.certChain = certChainPem;
        this.privateKey = privateKeyPem;
        this.sslContext = null;
        return this;
    }

    /** How long a session may go unused before it expires; default 10 minutes. */
    public HybridServerBuilder sessionIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sessionIdleTimeout must be positive, was " + timeout);
        }
        this.sessionIdleTimeout = timeout;
        return this;
    }

    /** The most sessions open at once (more fail RESOURCE_EXHAUSTED); default 10000. */
    public HybridServerBuilder maxSessions(int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1, was " + sessions);
        }
        this.maxSessions = sessions;
        return this;
    }

    /** How long {@link HybridServer#close()} waits for in-flight calls; default 5 s. */
    public HybridServerBuilder shutdownGracePeriod(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdownGracePeriod must not be negative, was " + grace);
        }
        this.shutdownGrace = grace;
        return this;
    }

    /** A server with these settings (later changes to this builder do not affect it), not yet started. */
    public HybridServer build() {
        return new HybridServer(copy());
    }

    private HybridServerBuilder copy() {
        HybridServerBuilder c = new HybridServerBuilder();
        c.port = port;
        c.bindAddress = bindAddress;
        c.registry = registry;
        c.executor = executor;
        c.directExecutor = directExecutor;
        c.workerThreads = workerThreads;
        c.maxInboundMessageSize = maxInboundMessageSize;
        c.maxConcurrentCallsPerConnection = maxConcurrentCallsPerConnection;
        c.interceptors.addAll(interceptors);
        c.sslContext = sslContext;
        c.certChain = certChain;
        c.privateKey = privateKey;
        c.sessionIdleTimeout = sessionIdleTimeout;
        c.maxSessions = maxSessions;
        c.shutdownGrace = shutdownGrace;
        return c;
    }
}
