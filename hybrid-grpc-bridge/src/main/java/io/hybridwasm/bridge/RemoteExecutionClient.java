package io.hybridwasm.bridge;

import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.internal.CallDeadline;
import io.hybridwasm.bridge.internal.ChannelPool;
import io.hybridwasm.bridge.internal.DescriptorSets;
import io.hybridwasm.bridge.internal.Encodings;
import io.hybridwasm.bridge.internal.ExecuteCalls;
import io.hybridwasm.bridge.internal.GrpcRemoteStream;
import io.hybridwasm.bridge.internal.MethodCalls;
import io.hybridwasm.bridge.internal.MethodName;
import io.hybridwasm.bridge.internal.PooledChannel;
import io.hybridwasm.bridge.internal.RetryRule;
import io.hybridwasm.bridge.internal.ServiceResolution;
import io.hybridwasm.bridge.internal.SessionLoss;
import io.hybridwasm.bridge.internal.SessionOpening;
import io.hybridwasm.bridge.internal.UnaryCalls;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import io.hybridwasm.spi.ServiceEndpoint;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls remote services over the {@code hybrid.v1} gRPC protocol: the Java face of the bridge.
 * The guest host functions of {@link GrpcBridgeProvider} are built on this class, so a Java
 * caller and a WebAssembly guest get the same answer, and the same status, for the same input.
 *
 * <p>Each call resolves its service through the {@link RemoteServiceResolver}s (highest priority
 * first), reuses one channel per endpoint, ends within its deadline (the earlier of
 * {@link RemoteConfig#deadline()} and the request's own), and presents the configured bearer
 * token. Every failure is a {@link RemoteCallException} whose {@link RemoteCallException#status()
 * status} is the ABI code a guest would have seen.
 *
 * <p>{@link RemoteConfig#policy()} applies to every unary rpc (calls, sessions, listings): each
 * endpoint has a circuit breaker and a bound on calls in flight, shared by every client with the
 * same policy on the same channel. Calls to idempotent services are retried when the endpoint is
 * unavailable; results of cacheable services may be cached. See {@link #call(RemoteRequest)}.
 * A target naming several replicas ({@code dns:///}, {@code static:///}, or a
 * {@link DnsReplicaResolver} / {@link StaticReplicaResolver}) is load-balanced round robin,
 * except the calls of a session ({@link #openRemoteSession}), which go to the replica holding it.
 *
 * <p>A service name containing {@code /} names a method of an existing gRPC server,
 * {@code package.Service/Method}: the payload is the request as a JSON object and the result the
 * response as proto3 JSON ({@code +proto} after the name: serialized protobuf both ways). The
 * schema comes from {@link RemoteConfig#descriptorSets()}, else from the server's reflection;
 * the target is resolved for {@code package.Service}. Such calls use the method's own gRPC
 * {@code MethodDescriptor}, so the retries, hedging and timeouts of
 * {@link RemoteConfig#serviceConfig()} apply (and the policy's own retries and cache do not);
 * the circuit breaker and in-flight bound do. See {@code docs/abi.md}.
 *
 * <pre>{@code
 * try (RemoteExecutionClient client = RemoteExecutionClient.builder(
 *         RemoteConfig.builder().target("127.0.0.1:50051").build()).build()) {
 *     RemoteResult echoed = client.call("Echo", bytes);
 * }
 * }</pre>
 *
 * <p>Thread-safe; meant to be shared. Every method blocks the calling thread, at most for the
 * call's deadline. Closing shuts down the channels the client owns.
 */
public final class RemoteExecutionClient implements AutoCloseable {
    private final RemoteConfig config;
    private final ProviderRegistry<RemoteServiceResolver> resolvers;
    private final int maxMessageSize;
    private final ChannelPool pool;
    private final boolean ownsPool;
    private final ExecuteCalls executes;
    private final MethodCalls methods;

    private RemoteExecutionClient(Builder b) {
        this.config = b.config;
        this.resolvers = b.resolvers != null ? b.resolvers : ProviderRegistry.load(RemoteServiceResolver.class, loader());
        this.maxMessageSize = b.maxMessageSize;
        this.ownsPool = b.pool == null;
        this.pool = ownsPool ? new ChannelPool() : b.pool;
        this.executes = new ExecuteCalls(config.policy(), maxMessageSize, System::nanoTime);
        this.methods = new MethodCalls(config.policy(), maxMessageSize,
                b.descriptorSets != null ? b.descriptorSets : DescriptorSets.load(config.descriptorSets()));
    }

    /** A builder for a client configured by {@code config}. */
    public static Builder builder(RemoteConfig config) {
        return new Builder(config);
    }

    /** The configuration this client was built with. */
    public RemoteConfig config() {
        return config;
    }

    /** The largest payload, in either direction, this client sends or accepts. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Where {@code service} lives, by the first resolver that knows it; empty if none does. For a
     * gRPC method ({@code package.Service/Method}) the resolvers are asked for {@code package.Service}.
     * Does no I/O.
     */
    public Optional<ServiceEndpoint> resolve(String service) {
        if (MethodName.isMethod(service)) {
            try {
                service = MethodName.parse(service).service();
            } catch (RemoteCallException malformed) {
                return Optional.empty();
            }
        }
        return ServiceResolution.resolve(resolvers, service, config);
    }

    /** {@link #call(RemoteRequest)} with every option defaulted. */
    public RemoteResult call(String service, byte[] payload) {
        return call(RemoteRequest.builder(service, payload).build());
    }

    /**
     * Runs {@code request.service()} remotely on the payload and returns its answer. The payload
     * is labelled with the request's encoding, else the endpoint's, else the first encoding the
     * server lists for the service (asked once per channel), else {@link PayloadEncoding#RAW}.
     *
     * <p>How {@link RemoteConfig#policy()} applies, in order:
     * <ol>
     *   <li>cache: with {@link RemotePolicy#cacheMaxEntries()} &gt; 0, a call without a session to
     *   a cacheable service (the endpoint says so, or the server's {@code ListServices} does) is
     *   answered from earlier identical calls (same service, node type, encoding, config and
     *   payload digest) for {@link RemotePolicy#cacheTtl()}, without any I/O; each caller gets its own
     *   copy of the bytes. The cache holds at most {@link RemotePolicy#cacheMaxBytes()} bytes;</li>
     *   <li>circuit breaker: while the endpoint's circuit is open the call fails at once;</li>
     *   <li>in-flight bound: beyond {@link RemotePolicy#maxInFlightPerEndpoint()} the call waits for
     *   a slot until its deadline;</li>
     *   <li>retries: if the endpoint was unavailable, a call without a session to an idempotent
     *   service (endpoint or server says so) is tried again, up to
     *   {@link RemotePolicy#maxAttempts()} attempts in all, after a random backoff, never past the
     *   deadline, which all attempts share. With several replicas the retry goes to another one.</li>
     * </ol>
     *
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when no resolver knows the
     *                             service (before any network work) or the server does not host it;
     *                             {@link HostStatus#TOO_LARGE} when the payload or the answer exceeds
     *                             {@link #maxMessageSize()} (a payload: before anything is sent);
     *                             {@link HostStatus#SERVICE_UNAVAILABLE} when the circuit is open or
     *                             no in-flight slot freed before the deadline; otherwise the mapped
     *                             gRPC status of the last attempt
     */
    public RemoteResult call(RemoteRequest request) {
        ServiceEndpoint endpoint = endpointOf(request.service());
        ExecuteCalls.checkSize(request.payload().length, maxMessageSize, "payload for", request.service());
        String what = "call to " + request.service() + " at " + endpoint.target();
        Deadline deadline = CallDeadline.of(config.deadline(), request.deadline(), what);
        if (MethodName.isMethod(request.service())) {
            return methods.call(pool.channel(endpoint.target(), config), MethodName.parse(request.service()),
                    request.payload(), deadline, what);
        }
        return executes.execute(pool.channel(endpoint.target(), config), endpoint, request, deadline, what);
    }

    /**
     * Runs {@code request} in {@code session}: like {@link #call(RemoteRequest)} with the session's
     * id, but sent to the replica holding the session ({@link RemoteSession#target()}), never
     * cached, never retried.
     *
     * @throws RemoteCallException {@link HostStatus#SESSION_EXPIRED} when the server no longer
     *                             knows the session or its replica cannot be reached (its state is
     *                             gone: open a new session); {@link HostStatus#INVALID_ARGUMENT} for a
     *                             gRPC method called by name (they carry no sessions); otherwise as
     *                             {@link #call(RemoteRequest)}
     */
    public RemoteResult call(RemoteRequest request, RemoteSession session) {
        if (MethodName.isMethod(request.service())) {
            throw new RemoteCallException(HostStatus.INVALID_ARGUMENT, "cannot call " + request.service()
                    + " in a session: gRPC methods called by name carry no sessions");
        }
        ServiceEndpoint endpoint = endpointOf(request.service());
        ExecuteCalls.checkSize(request.payload().length, maxMessageSize, "payload for", request.service());
        String what = "call to " + request.service() + " in session " + session.id() + " at " + session.target();
        RemoteRequest inSession = new RemoteRequest(request.service(), request.payload(), request.encoding(),
                request.config(), Optional.of(session.id()), request.deadline());
        try {
            return executes.execute(pool.channel(session.target(), config), endpoint, inSession,
                    CallDeadline.of(config.deadline(), request.deadline(), what), what);
        } catch (RemoteCallException e) {
            throw SessionLoss.judge(e, session);
        }
    }

    /**
     * Opens a session on the server at {@link RemoteConfig#target()} (on the replica the load
     * balancer picks when the target names several), or returns the one already open there under
     * {@code clientSessionId}, with the target of the replica holding it: pass it to
     * {@link #call(RemoteRequest, RemoteSession)} so the session's calls reach its state. A
     * channel waiting out gRPC's reconnect backoff (the server restarted) reconnects at once.
     *
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when no target is configured
     */
    public RemoteSession openRemoteSession(String clientSessionId, Instant deadline) {
        Objects.requireNonNull(clientSessionId, "clientSessionId");
        String target = sessionTarget("open a session");
        String what = "open session '" + clientSessionId + "' at " + target;
        return SessionOpening.open(pool, config, target, clientSessionId,
                CallDeadline.of(config.deadline(), Optional.of(deadline), what), maxMessageSize, what);
    }

    /** Closes {@code session} on its replica; closing an unknown session is not an error. */
    public void closeSession(RemoteSession session) {
        idempotent(session.target(), RemoteExecutionGrpc.getCloseSessionMethod(),
                () -> CloseSessionRequest.newBuilder().setSessionId(session.id()).build(), Optional.empty(),
                "close session at " + session.target());
    }

    /** {@link #openSession(String, Instant)} within the per-call deadline. */
    public String openSession(String clientSessionId) {
        return openSession(clientSessionId, Optional.empty());
    }

    /**
     * Opens a server-side session on the server at {@link RemoteConfig#target()}, or returns the
     * one already open there under {@code clientSessionId}. Pass the id to later calls
     * ({@link RemoteRequest.Builder#sessionId}) so the server keeps state across them. Such calls
     * are load-balanced like any other: with several replicas use {@link #openRemoteSession}.
     *
     * @return the server's session id
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when no target is configured
     */
    public String openSession(String clientSessionId, Instant deadline) {
        return openSession(clientSessionId, Optional.of(deadline));
    }

    private String openSession(String clientSessionId, Optional<Instant> until) {
        Objects.requireNonNull(clientSessionId, "clientSessionId");
        String target = sessionTarget("open a session");
        String what = "open session '" + clientSessionId + "' at " + target;
        // Retried like an idempotent call: opening the same client session id twice returns the same session.
        return idempotent(target, RemoteExecutionGrpc.getOpenSessionMethod(),
                () -> OpenSessionRequest.newBuilder().setClientSessionId(clientSessionId).build(), until, what)
                .getSessionId();
    }

    /** Closes a session opened with {@link #openSession(String)}; closing an unknown session is not an error. */
    public void closeSession(String sessionId) {
        String target = sessionTarget("close a session");
        // Retried like an idempotent call: closing an unknown (already closed) session is not an error.
        idempotent(target, RemoteExecutionGrpc.getCloseSessionMethod(),
                () -> CloseSessionRequest.newBuilder().setSessionId(sessionId).build(), Optional.empty(),
                "close session at " + target);
    }

    /** {@link #openStream(String, Optional, Consumer)} discarding the service's responses. */
    public RemoteStream openStream(String service, Optional<String> sessionId) {
        return openStream(service, sessionId, null);
    }

    /**
     * Opens a stream to {@code service}. Chunks are labelled like {@link #call(RemoteRequest)}
     * payloads. For a client- or bidirectional-streaming gRPC method ({@code package.Service/Method})
     * each chunk is one request message (JSON, or protobuf with {@code +proto}), {@code responses}
     * gets each response as the caller reads it, {@link RemoteStream#close()} half-closes and
     * waits for the server, and sessions do not apply. Returns without waiting for the connection: a server that is down, or that does
     * not host the service, shows as a failure of the next {@link RemoteStream#send}. Streams are
     * never retried (chunks already consumed cannot be replayed safely) and hold no in-flight slot
     * (they live long); an open circuit refuses to open one.
     *
     * @param responses receives each output the service streams back, on a gRPC transport
     *                  thread: it must not block; null discards them
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when no resolver knows the service;
     *                             {@link HostStatus#SERVICE_UNAVAILABLE} when the endpoint's circuit is open
     */
    public RemoteStream openStream(String service, Optional<String> sessionId, Consumer<RemoteResult> responses) {
        return openStream(service, sessionId, Optional.empty(), responses);
    }

    /** {@link #openStream(String, Optional, Consumer)} in {@code session}, to the replica holding it. */
    public RemoteStream openStream(String service, RemoteSession session, Consumer<RemoteResult> responses) {
        return openStream(service, Optional.of(session.id()), Optional.of(session.target()), responses);
    }

    private RemoteStream openStream(String service, Optional<String> sessionId, Optional<String> replica,
                                    Consumer<RemoteResult> responses) {
        ServiceEndpoint endpoint = endpointOf(service);
        PooledChannel channel = pool.channel(replica.orElse(endpoint.target()), config);
        if (MethodName.isMethod(service)) {
            MethodName method = MethodName.parse(service);
            Deadline lookup = CallDeadline.of(config.deadline(), Optional.empty(), "schema of " + method);
            return methods.openStream(channel, method, methods.schema(channel, method, lookup), config.deadline(),
                    responses);
        }
        channel.guard(config.policy()).breaker().refuseIfOpen("stream to " + service);
        PayloadEncoding encoding = endpoint.encoding().orElseGet(() -> channel.encodingFor(service,
                CallDeadline.of(config.deadline(), Optional.empty(), "list services at " + endpoint.target())));
        StreamOpen.Builder open = StreamOpen.newBuilder().setService(service).setNodeType(endpoint.nodeType());
        sessionId.ifPresent(open::setSessionId);
        return GrpcRemoteStream.open(channel, open.build(), encoding, config.deadline(), maxMessageSize, responses);
    }

    /** The services the server at {@code target} hosts, within the per-call deadline. */
    public List<RemoteServiceInfo> listServices(String target) {
        return idempotent(target, RemoteExecutionGrpc.getListServicesMethod(), ListServicesRequest::getDefaultInstance,
                Optional.empty(), "list services at " + target)
                .getServicesList().stream().map(RemoteExecutionClient::toInfo).toList();
    }

    /** A control rpc of {@code hybrid.v1} on {@code target}, guarded and retried as an idempotent call. */
    private <Q, R> R idempotent(String target, MethodDescriptor<Q, R> method, Supplier<Q> request,
                                Optional<Instant> until, String what) {
        PooledChannel channel = pool.channel(target, config);
        return UnaryCalls.run(channel, channel.guard(config.policy()), RetryRule.of(config.policy(), () -> true),
                method, request, CallDeadline.of(config.deadline(), until, what), maxMessageSize, what);
    }

    /** Shuts down the channels this client created (none when it shares a provider's pool). Idempotent. */
    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }

    private ServiceEndpoint endpointOf(String service) {
        return resolve(service).orElseThrow(() -> new RemoteCallException(HostStatus.UNKNOWN_SERVICE,
                "no resolver knows service '" + service + "'" + (config.target().isEmpty()
                        ? " (no RemoteConfig.target is configured and no plugged-in RemoteServiceResolver answered)"
                        : "")));
    }

    private String sessionTarget(String action) {
        return config.target().orElseThrow(() -> new RemoteCallException(HostStatus.UNKNOWN_SERVICE,
                "cannot " + action + ": sessions live on the default server and RemoteConfig.target is not set"));
    }

    private static RemoteServiceInfo toInfo(ServiceInfo info) {
        return new RemoteServiceInfo(info.getName(), info.getNodeType(), info.getDescription(), info.getIdempotent(),
                info.getCacheable(), info.getAcceptsList().stream().map(Encodings::fromProto).toList());
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RemoteExecutionClient.class.getClassLoader();
    }

    /** Builder for {@link RemoteExecutionClient}. Not thread-safe. */
    public static final class Builder {
        private final RemoteConfig config;
        private ProviderRegistry<RemoteServiceResolver> resolvers;
        private int maxMessageSize = WasmConfig.DEFAULT_MAX_MESSAGE_SIZE;
        private ChannelPool pool;
        private DescriptorSets descriptorSets;

        private Builder(RemoteConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * The resolvers to ask; default: every {@link RemoteServiceResolver} visible to the
         * thread's context class loader, loaded once when the client is built.
         */
        public Builder resolvers(ProviderRegistry<RemoteServiceResolver> resolvers) {
            this.resolvers = Objects.requireNonNull(resolvers, "resolvers");
            return this;
        }

        /** Largest payload, in either direction; default {@link WasmConfig#DEFAULT_MAX_MESSAGE_SIZE}. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** Shares the provider's channels; the client then does not close them. */
        Builder sharedPool(ChannelPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** The node's descriptor sets, already read (the provider reads them once, when the node loads). */
        Builder descriptorSets(DescriptorSets sets) {
            this.descriptorSets = Objects.requireNonNull(sets, "sets");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the file, when a descriptor set of the config
         *                                  cannot be read or linked
         */
        public RemoteExecutionClient build() {
            if (maxMessageSize <= 0) {
                throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
            }
            return new RemoteExecutionClient(this);
        }
    }
}
