package io.hybridwasm.services;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.internal.GrpcAdmission;
import io.hybridwasm.services.internal.GrpcRemoteExecution;
import io.hybridwasm.services.internal.MalformedRequests;
import io.hybridwasm.services.internal.ServerMetrics;
import io.hybridwasm.services.internal.SessionStore;
import io.hybridwasm.services.internal.StatsCounters;
import io.hybridwasm.services.internal.WorkerQueue;
import io.hybridwasm.services.internal.WorkerThreads;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hybrid gRPC server: hosts {@link io.hybridwasm.services.spi.HostedService}s behind
 * {@code hybrid.v1.RemoteExecution}, together with the standard gRPC health service
 * ({@code grpc.health.v1}) and server reflection ({@code grpc.reflection.v1}), so tools such
 * as grpcurl and grpc-health-probe work against it.
 *
 * <pre>{@code
 * try (HybridServer server = HybridServer.builder().port(0).build().start()) {
 *     int port = server.port();          // the port actually bound
 *     ...
 * }                                      // graceful: in-flight calls finish first
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link HybridServerBuilder#build() built} → {@link #start()} → {@link #close()}; a server
 * starts once. {@code start()} first {@link HostedService#start() starts} every hosted service
 * (the voice activity detector loads its model then) and fails, naming the service, when one
 * cannot; {@code close()} stops them last. {@code close()} drains gracefully: health turns
 * NOT_SERVING, the listening socket closes and every connection gets an HTTP/2 GOAWAY; a call that still arrives, on an
 * existing or a new connection, fails UNAVAILABLE (guests see -2, so a client with several
 * endpoints goes elsewhere). Calls in flight get {@link HybridServerBuilder#shutdownGracePeriod
 * the grace period} to finish, then anything left is cancelled. {@code close()} blocks until
 * then and is idempotent.
 *
 * <p><b>Security.</b> See {@link HybridServerBuilder}: by default the server is plaintext,
 * open and reachable from this machine only; {@link HybridServerBuilder#accessPolicy bearer
 * tokens}, {@link HybridServerBuilder#tls(java.nio.file.Path, java.nio.file.Path) TLS} and
 * {@link HybridServerBuilder#clientAuth mutual TLS} are opt-in. The health service is always
 * open, so probes work without credentials.
 *
 * <p><b>Threads.</b> gRPC I/O runs on Netty's event loops; calls run on the worker executor
 * (see {@link HybridServerBuilder#executor}). Expired sessions are swept by one daemon
 * thread. All public methods are thread-safe.
 */
public final class HybridServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HybridServer.class);
    /** grpc-netty's HTTP/2 frame logger, which logs request headers at DEBUG. */
    private static final String NETTY_FRAME_LOGGER = "io.grpc.netty.NettyServerHandler";

    private final HybridServerBuilder config;
    private final HostedServiceRegistry registry;
    private final SessionStore sessions;
    private final StatsCounters stats;
    private final HealthStatusManager health = new HealthStatusManager();
    private final GrpcAdmission admission;
    private final MalformedRequests malformed =
            new MalformedRequests(MalformedRequests.DEFAULT_LOG_INTERVAL, System::nanoTime);
    private final List<HostedService> startedServices = new ArrayList<>();
    private Server server;
    private ExecutorService ownedExecutor;
    private ScheduledExecutorService sweeper;
    private Runnable untrackSessions = () -> { };
    private boolean closed;

    HybridServer(HybridServerBuilder builder) {
        this.config = builder;
        HostedServiceRegistry services = builder.registry != null ? builder.registry : HostedServiceRegistry.defaultRegistry();
        this.registry = builder.diagnostics ? services : services.withoutDiagnostics();
        this.sessions = new SessionStore(builder.sessionIdleTimeout, builder.maxSessions, InstantSource.system());
        this.stats = new StatsCounters(sessions::size);
        this.admission = new GrpcAdmission(builder.maxConcurrentCalls);
    }

    /** A builder with the defaults described in {@link HybridServerBuilder}. */
    public static HybridServerBuilder builder() {
        return new HybridServerBuilder();
    }

    /**
     * Binds the port and starts serving; returns this server.
     *
     * @throws IOException when the port cannot be bound or the TLS files cannot be read
     * @throws IllegalStateException when already started or closed, or when a hosted service
     *     cannot {@link HostedService#start() start} (the message names it and says why)
     */
    public synchronized HybridServer start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException(closed ? "server is closed" : "server already started");
        }
        startServices();
        NettyServerBuilder netty = GrpcServerFactory.configure(config, admission)
                .addService(malformed.guard(new GrpcRemoteExecution(registry, sessions, stats).bindService()))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        ServerMetrics.current().instrument(netty, registry.names());
        if (config.directExecutor) {
            netty.directExecutor();
        } else if (config.executor != null) {
            netty.executor(config.executor);
        } else {
            ThreadPoolExecutor workers = WorkerThreads.fixedPool(config.workerThreads);
            ownedExecutor = workers;
            netty.directExecutor().callExecutor(new WorkerQueue(workers, config.maxQueuedCalls));
        }
        Server started = netty.build();
        try {
            started.start();
        } catch (IOException | RuntimeException e) {
            shutdownOwnedExecutor();
            stopServices();
            throw e;
        }
        server = started;
        untrackSessions = ServerMetrics.trackSessions(sessions::size);
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(RemoteExecutionGrpc.SERVICE_NAME, ServingStatus.SERVING);
        sweeper = Executors.newSingleThreadScheduledExecutor(WorkerThreads.daemonFactory("hybrid-session-sweeper"));
        long period = Math.clamp(config.sessionIdleTimeout.toMillis() / 4, 1_000, 60_000);
        sweeper.scheduleWithFixedDelay(this::sweepSessions, period, period, TimeUnit.MILLISECONDS);
        log.info("Hybrid server listening on {}:{} ({}, {}) hosting {}", config.bindAddress, port(),
                GrpcServerFactory.tlsMode(config),
                config.accessPolicy == null ? "no access policy" : config.accessPolicy, registry.names());
        warnAboutExposure(started);
        return this;
    }

    private void startServices() {
        for (HostedService service : registry.services()) {
            try {
                service.start();
            } catch (RuntimeException e) {
                stopServices();
                throw new IllegalStateException("Service " + service.name() + " cannot start: " + e.getMessage(), e);
            }
            startedServices.add(service);
        }
    }

    private synchronized void stopServices() {
        for (HostedService service : startedServices.reversed()) {
            try {
                service.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping service {} failed", service.name(), e);
            }
        }
        startedServices.clear();
    }

    private void warnAboutExposure(Server started) {
        if (config.accessPolicy != null && InternalLoggerFactory.getInstance(NETTY_FRAME_LOGGER).isDebugEnabled()) {
            log.warn("DEBUG logging of {} prints every HTTP/2 header, bearer tokens included; turn it off",
                    NETTY_FRAME_LOGGER);
        }
        boolean loopback = started.getListenSockets().stream().allMatch(a ->
                a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress());
        if (loopback) {
            return;
        }
        if (config.accessPolicy == null) {
            log.warn("Serving on {} without an access policy: anyone who can connect may call every service",
                    config.bindAddress);
        }
        if (config.sslContext == null && config.certChain == null) {
            log.warn("Serving on {} in plaintext: calls and bearer tokens cross the network unencrypted",
                    config.bindAddress);
        }
    }

    private void sweepSessions() {
        try {
            sessions.evictExpired();
        } catch (RuntimeException e) {
            log.warn("Sweeping expired sessions failed", e);
        }
    }

    /**
     * The port the server listens on (the bound one when configured with port 0).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("server not started");
        }
        return server.getPort();
    }

    /** The counters of what reached this server. */
    public ServiceStats stats() {
        return stats;
    }

    /** The services this server hosts. */
    public HostedServiceRegistry registry() {
        return registry;
    }

    /** The names of the gRPC services served, including health and reflection. */
    public synchronized List<String> grpcServiceNames() {
        return server == null ? List.of()
                : server.getServices().stream().map(s -> s.getServiceDescriptor().getName()).toList();
    }

    /** Whether {@link #close()} has begun: the server no longer accepts new calls. */
    public synchronized boolean isShutdown() {
        return closed && (server == null || server.isShutdown());
    }

    /** Blocks until the server has terminated (after {@link #close()} from another thread). */
    public void awaitTermination() throws InterruptedException {
        Server s = startedServer();
        s.awaitTermination();
    }

    /** Blocks up to {@code timeout} for termination; returns whether the server terminated. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return startedServer().awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized Server startedServer() {
        if (server == null) {
            throw new IllegalStateException("server not started");
        }
        return server;
    }

    /**
     * Stops gracefully: health NOT_SERVING, refuse new calls, wait up to the grace period for
     * calls in flight, then cancel the rest; frees sessions and owned threads, then
     * {@link HostedService#stop() stops} the hosted services. Blocks until
     * done; idempotent. If interrupted, stops forcibly and keeps the interrupt flag.
     */
    @Override
    public void close() {
        Server s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
        }
        health.enterTerminalState();
        admission.drain();
        if (s != null) {
            log.info("Draining: refusing new calls, giving those in flight up to {}", config.shutdownGrace);
            s.shutdown();
            try {
                if (!s.awaitTermination(config.shutdownGrace.toNanos(), TimeUnit.NANOSECONDS)) {
                    log.info("Grace period of {} over; cancelling the calls still running", config.shutdownGrace);
                    s.shutdownNow();
                    s.awaitTermination(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        shutdownOwnedExecutor();
        sessions.close();
        untrackSessions.run();
        stopServices();
        log.info("Hybrid server stopped");
    }

    /** Lets handlers that are still returning (after cancellation) finish, briefly. */
    private void shutdownOwnedExecutor() {
        if (ownedExecutor == null) {
            return;
        }
        ownedExecutor.shutdown();
        try {
            if (!ownedExecutor.awaitTermination(1, TimeUnit.SECONDS)) {
                ownedExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownedExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
