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
 * <p>Defaults are safe for a server reachable from this machine only: port 0 (any free
 * port), bound to 127.0.0.1, plaintext, no access policy (anyone who can connect may call),
 * the services on the class path except the {@link #diagnostics diagnostic} ones, a bounded
 * worker pool. Before binding another address, add {@link #tls(Path, Path) TLS} and an
 * {@link #accessPolicy(AccessPolicy) access policy} (the server logs a warning when either
 * is missing on a non-loopback address).
 *
 * <p>Limits and timeouts (constants below): 16 MiB per inbound message, 8 KiB of inbound
 * metadata, 1000 concurrent calls per connection and 1000 over all connections, 20 s for a
 * new connection's handshake, keepalive pings after 2 minutes of silence (dead peers dropped 20 s later),
 * client pings at most once a minute, idle connections closed after 15 minutes, no maximum
 * connection age, and 5 seconds of grace on close. Sessions idle out after 10 minutes, at
 * most 10000 open.
 *
 * <p>Setters validate eagerly and name the bad value; combinations are checked by
 * {@link #build()}. Not thread-safe; a builder may build several servers.
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
    /** The default cap on the size of a call's inbound metadata (headers): 8 KiB. */
    public static final int DEFAULT_MAX_INBOUND_METADATA_SIZE = 8 * 1024;
    /** The default cap on calls open at once on one connection. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION = 1_000;
    /** The default cap on calls open at once over all connections. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 1_000;
    /** The default cap on calls waiting for a worker of the server's own pool. */
    public static final int DEFAULT_MAX_QUEUED_CALLS = 256;
    /** The default silence after which the server pings a client: 2 minutes. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofMinutes(2);
    /** The default time a keepalive ping may go unanswered before the connection is dropped: 20 s. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);
    /** The default shortest interval between client pings that the server tolerates: 1 minute. */
    public static final Duration DEFAULT_PERMIT_KEEP_ALIVE_TIME = Duration.ofMinutes(1);
    /** The default time a connection without calls stays open: 15 minutes. */
    public static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(15);
    /** The default time a new connection has to complete its (TLS) handshake: 20 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    int port;
    String bindAddress = "127.0.0.1";
    HostedServiceRegistry registry;
    Executor executor;
    boolean directExecutor;
    int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    int maxInboundMetadataSize = DEFAULT_MAX_INBOUND_METADATA_SIZE;
    int maxConcurrentCallsPerConnection = DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION;
    int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    int maxQueuedCalls = DEFAULT_MAX_QUEUED_CALLS;
    Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
    Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    Duration permitKeepAliveTime = DEFAULT_PERMIT_KEEP_ALIVE_TIME;
    Duration maxConnectionIdle = DEFAULT_MAX_CONNECTION_IDLE;
    Duration maxConnectionAge; // null: unlimited
    Duration maxConnectionAgeGrace;
    Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    final List<ServerInterceptor> interceptors = new ArrayList<>();
    AccessPolicy accessPolicy;
    SslContext sslContext;
    Path certChain;
    Path privateKey;
    Path clientCa;
    Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    int maxSessions = DEFAULT_MAX_SESSIONS;
    Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    boolean diagnostics;

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
     * Whether to host {@link io.hybridwasm.services.spi.HostedService#diagnostic() diagnostic}
     * services ({@code Sleep}, {@code Fail}): they tie up workers or fail on purpose, so they
     * are off by default and meant for tests and troubleshooting. Off, a call to one is
     * answered NOT_FOUND like any unknown service.
     */
    public HybridServerBuilder diagnostics(boolean host) {
        this.diagnostics = host;
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
        this.maxInboundMessageSize = atLeastOne("maxInboundMessageSize", bytes);
        return this;
    }

    /**
     * The largest total size of a call's headers; larger ones are refused before any
     * service runs. Default 8 KiB.
     */
    public HybridServerBuilder maxInboundMetadataSize(int bytes) {
        this.maxInboundMetadataSize = atLeastOne("maxInboundMetadataSize", bytes);
        return this;
    }

    /**
     * How many calls one client connection may have open at once (HTTP/2
     * MAX_CONCURRENT_STREAMS); a client's further calls wait on its side until one ends.
     * Default 1000.
     */
    public HybridServerBuilder maxConcurrentCallsPerConnection(int calls) {
        this.maxConcurrentCallsPerConnection = atLeastOne("maxConcurrentCallsPerConnection", calls);
        return this;
    }

    /**
     * How many calls the server runs at once over all connections (a stream counts as one
     * call while open; health checks do not count). A call beyond it fails at once with
     * RESOURCE_EXHAUSTED "server busy" (guests see -2, SERVICE_UNAVAILABLE), so an
     * overloaded server sheds load instead of queueing without bound. Default 1000.
     */
    public HybridServerBuilder maxConcurrentCalls(int calls) {
        this.maxConcurrentCalls = atLeastOne("maxConcurrentCalls", calls);
        return this;
    }

    /**
     * How many calls may wait for a worker of the server's own pool ({@link #workerThreads}); a
     * new call arriving while that many wait fails at once with RESOURCE_EXHAUSTED "server busy"
     * (guests see -2, SERVICE_UNAVAILABLE) instead of joining the queue. 0 refuses every call
     * that cannot start at once. Health checks never wait. Does not apply with
     * {@link #executor(Executor)} or {@link #directExecutor()}, whose queue is not the server's.
     * Default 256.
     */
    public HybridServerBuilder maxQueuedCalls(int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("maxQueuedCalls must be >= 0, was " + calls);
        }
        this.maxQueuedCalls = calls;
        return this;
    }

    /**
     * After this much silence on a connection the server pings the client, and drops the
     * connection when the ping goes unanswered for {@link #keepAliveTimeout}: frees what
     * vanished clients hold. Default 2 minutes.
     */
    public HybridServerBuilder keepAliveTime(Duration time) {
        this.keepAliveTime = positive("keepAliveTime", time);
        return this;
    }

    /** How long a keepalive ping may go unanswered before the connection is dropped; default 20 s. */
    public HybridServerBuilder keepAliveTimeout(Duration timeout) {
        this.keepAliveTimeout = positive("keepAliveTimeout", timeout);
        return this;
    }

    /**
     * The shortest interval between keepalive pings the server accepts from a client; a client
     * pinging more often is disconnected (GOAWAY "too_many_pings"), so pings cannot be used to
     * keep the server busy. Clients' keepalive time must be at least this. Default 1 minute.
     */
    public HybridServerBuilder permitKeepAliveTime(Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("permitKeepAliveTime must not be negative, was " + time);
        }
        this.permitKeepAliveTime = time;
        return this;
    }

    /**
     * How long a connection with no call open stays up before the server closes it
     * gracefully; the client reconnects on its next call. Default 15 minutes.
     */
    public HybridServerBuilder maxConnectionIdle(Duration idle) {
        this.maxConnectionIdle = positive("maxConnectionIdle", idle);
        return this;
    }

    /**
     * Closes every connection gracefully once it is {@code age} old (±10 % jitter), giving its
     * open calls {@code grace} to finish; clients reconnect, possibly to another replica, which
     * keeps load spread across replicas behind a load balancer. Unlimited by default.
     */
    public HybridServerBuilder maxConnectionAge(Duration age, Duration grace) {
        this.maxConnectionAge = positive("maxConnectionAge", age);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("maxConnectionAge grace must not be negative, was " + grace);
        }
        this.maxConnectionAgeGrace = grace;
        return this;
    }

    /**
     * How long a new connection may take to complete its handshake (TLS and HTTP/2
     * preface) before it is dropped, so half-open connections cannot pile up. Default 20 s.
     */
    public HybridServerBuilder handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = positive("handshakeTimeout", timeout);
        return this;
    }

    /**
     * Requires every call (except health checks) to carry {@code authorization: Bearer <token>}
     * with a token of {@code policy}, and limits each token to the services its grant names:
     * a missing or unknown token fails UNAUTHENTICATED, a service outside the grant
     * PERMISSION_DENIED (guests see -7 for both). Calls run as the token's
     * {@link AccessPolicy.Grant#callerId() caller}: sessions belong to the caller that opened
     * them. Reflection needs a valid token; ListServices lists only what the token may call.
     * Without a policy (the default) the server is open to whoever can connect.
     *
     * <p>Hybrid never logs a token, but grpc-netty's frame logger
     * ({@code io.grpc.netty.NettyServerHandler} at DEBUG) prints every request header; the
     * server warns at start when that logger is on.
     */
    public HybridServerBuilder accessPolicy(AccessPolicy policy) {
        this.accessPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Adds an interceptor that sees every call to every service (including health and
     * reflection, and calls the access policy or the concurrency limit then refuses); the hook
     * for auditing and metrics. Interceptors added later run first, as with grpc-java's
     * {@code ServerBuilder.intercept}; all of them run before the access policy.
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
        readable(certChainPem);
        readable(privateKeyPem);
        this.certChain = certChainPem;
        this.privateKey = privateKeyPem;
        this.sslContext = null;
        return this;
    }

    /**
     * Mutual TLS: requires every client to present a certificate issued by one of the CA
     * certificates in {@code trustedClientCaPem} (PEM, read at start); other clients fail the
     * handshake. Needs {@link #tls(Path, Path)}; with {@link #tls(SslContext)} configure client
     * authentication in that context instead.
     */
    public HybridServerBuilder clientAuth(Path trustedClientCaPem) {
        this.clientCa = readable(trustedClientCaPem);
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

    /**
     * A server with these settings (later changes to this builder do not affect it), not yet started.
     *
     * @throws IllegalStateException when {@link #clientAuth} is set without {@link #tls(Path, Path)}
     */
    public HybridServer build() {
        if (clientCa != null && certChain == null) {
            throw new IllegalStateException("clientAuth(" + clientCa + ") needs tls(certChainPem, privateKeyPem)"
                    + (sslContext != null ? "; with tls(SslContext) configure client authentication in that context"
                    : ""));
        }
        return new HybridServer(copy());
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    private static Path readable(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("TLS file is not readable: " + file);
        }
        return file;
    }

    HybridServerBuilder copy() {
        HybridServerBuilder c = new HybridServerBuilder();
        c.port = port;
        c.bindAddress = bindAddress;
        c.registry = registry;
        c.executor = executor;
        c.directExecutor = directExecutor;
        c.workerThreads = workerThreads;
        c.maxInboundMessageSize = maxInboundMessageSize;
        c.maxInboundMetadataSize = maxInboundMetadataSize;
        c.maxConcurrentCallsPerConnection = maxConcurrentCallsPerConnection;
        c.maxConcurrentCalls = maxConcurrentCalls;
        c.maxQueuedCalls = maxQueuedCalls;
        c.keepAliveTime = keepAliveTime;
        c.keepAliveTimeout = keepAliveTimeout;
        c.permitKeepAliveTime = permitKeepAliveTime;
        c.maxConnectionIdle = maxConnectionIdle;
        c.maxConnectionAge = maxConnectionAge;
        c.maxConnectionAgeGrace = maxConnectionAgeGrace;
        c.handshakeTimeout = handshakeTimeout;
        c.interceptors.addAll(interceptors);
        c.accessPolicy = accessPolicy;
        c.sslContext = sslContext;
        c.certChain = certChain;
        c.privateKey = privateKey;
        c.clientCa = clientCa;
        c.sessionIdleTimeout = sessionIdleTimeout;
        c.maxSessions = maxSessions;
        c.shutdownGrace = shutdownGrace;
        c.diagnostics = diagnostics;
        return c;
    }
}
