package io.hybridwasm.bridge.testing;

import com.google.protobuf.ByteString;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.proto.v1.CloseSessionRequest;
import io.hybridwasm.proto.v1.CloseSessionResponse;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.OpenSessionResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A minimal real {@code hybrid.v1} server on 127.0.0.1 (free port), standing in for
 * {@code hybrid-services} so the bridge's tests depend on nothing else. Services:
 * <ul>
 *   <li>{@code Echo} (accepts RAW; listed idempotent and cacheable), {@code EchoPcm} (accepts
 *       PCM_F32LE first; idempotent), {@code EchoOnce} (listed as not idempotent): answer the
 *       input, with metadata {@code input_encoding} and {@code server}</li>
 *   <li>{@code Sleep}: sleeps {@code config["millis"]} (default 5000), then answers empty</li>
 *   <li>{@code Grow}: answers {@code config["bytes"]} zero bytes, whatever the input</li>
 *   <li>{@code Fail}: INTERNAL; {@code Forbidden}: PERMISSION_DENIED</li>
 *   <li>{@code SessionCounter}: counts calls per session, answers the count as text; NOT_FOUND without a session</li>
 *   <li>stream {@code SlowSink}: consumes each chunk in {@code chunkDelayMillis}, in order, answering {@code chunks_consumed}</li>
 *   <li>stream {@code FailAfter3}: fails with INTERNAL on its third chunk</li>
 * </ul>
 * Anything else is NOT_FOUND. {@link #failNextExecutes} makes the next calls fail with
 * UNAVAILABLE, as a draining or overloaded server would. Records what the tests assert on.
 */
public final class TestRemoteServer implements AutoCloseable {
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String name;
    private final Server server;
    private final Optional<String> requiredAuthorization;
    private volatile long chunkDelayMillis = 5;

    public final AtomicInteger executeCalls = new AtomicInteger();
    /** Execute calls per service, failed ones included. */
    public final Map<String, AtomicInteger> executeCallsByService = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    /** Client connections accepted so far. */
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger listServicesCalls = new AtomicInteger();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final List<String> closedSessions = new CopyOnWriteArrayList<>();
    public final List<String> openedClientSessionIds = new CopyOnWriteArrayList<>();
    /** Chunks consumed by stream services, as {@code service:session:text} in arrival order. */
    public final List<String> streamedChunks = new CopyOnWriteArrayList<>();
    public final AtomicLong chunksConsumed = new AtomicLong();
    public final AtomicInteger streamsCompleted = new AtomicInteger();
    public final List<String> executeSessions = new CopyOnWriteArrayList<>();

    private final Map<String, String> sessionsByClientId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final AtomicInteger sessionSeq = new AtomicInteger();

    private TestRemoteServer(String name, Optional<String> requiredAuthorization, ServerCredentials credentials,
                             UnaryOperator<NettyServerBuilder> customizer) {
        this(name, requiredAuthorization, credentials, customizer, 0);
    }

    private TestRemoteServer(String name, Optional<String> requiredAuthorization, ServerCredentials credentials,
                             UnaryOperator<NettyServerBuilder> customizer, int port) {
        this.name = name;
        this.requiredAuthorization = requiredAuthorization;
        NettyServerBuilder builder = credentials == null
                ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                : NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials);
        builder.addService(ServerInterceptors.intercept(new Service(), new AuthCapture()))
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                })
                .maxInboundMessageSize(16 << 20);
        try {
            this.server = customizer.apply(builder).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestRemoteServer start(String name) {
        return new TestRemoteServer(name, Optional.empty(), null, UnaryOperator.identity());
    }

    /** A server on 127.0.0.1:{@code port}, e.g. the port of a server stopped earlier. */
    public static TestRemoteServer startOn(String name, int port) {
        return new TestRemoteServer(name, Optional.empty(), null, UnaryOperator.identity(), port);
    }

    public static TestRemoteServer start(String name, UnaryOperator<NettyServerBuilder> customizer) {
        return new TestRemoteServer(name, Optional.empty(), null, customizer);
    }

    /** A server refusing calls without {@code authorization: <value>}, with UNAUTHENTICATED. */
    public static TestRemoteServer requiringAuthorization(String name, String value) {
        return new TestRemoteServer(name, Optional.of(value), null, UnaryOperator.identity());
    }

    public static TestRemoteServer withCredentials(String name, ServerCredentials credentials) {
        return new TestRemoteServer(name, Optional.empty(), credentials, UnaryOperator.identity());
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    /** The next {@code count} Execute calls fail with UNAVAILABLE (after being counted). */
    public TestRemoteServer failNextExecutes(int count) {
        failuresToInject.set(count);
        return this;
    }

    /** Execute calls of {@code service} so far, failed ones included. */
    public int executeCalls(String service) {
        AtomicInteger count = executeCallsByService.get(service);
        return count == null ? 0 : count.get();
    }

    public TestRemoteServer chunkDelayMillis(long millis) {
        this.chunkDelayMillis = millis;
        return this;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class AuthCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            String auth = headers.get(AUTHORIZATION);
            if (auth != null) {
                authorizations.add(auth);
            }
            if (requiredAuthorization.isPresent() && !requiredAuthorization.get().equals(auth)) {
                call.close(Status.UNAUTHENTICATED.withDescription("bad or missing token"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return next.startCall(call, headers);
        }
    }

    private final class Service extends RemoteExecutionGrpc.RemoteExecutionImplBase {
        @Override
        public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> out) {
            executeCalls.incrementAndGet();
            executeCallsByService.computeIfAbsent(request.getService(), k -> new AtomicInteger()).incrementAndGet();
            executeSessions.add(request.getSessionId());
            if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.onError(Status.UNAVAILABLE.withDescription("failing on purpose").asRuntimeException());
                return;
            }
            Payload input = request.getInput();
            switch (request.getService()) {
                case "Echo", "EchoPcm", "EchoOnce" -> answer(out, input.getEncoding(), input.getData(),
                        Map.of("input_encoding", input.getEncoding().name(), "server", name));
                case "Sleep" -> {
                    long millis = Long.parseLong(request.getConfigOrDefault("millis", "5000"));
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                    while (System.nanoTime() < end && !Context.current().isCancelled()) {
                        sleep(5);
                    }
                    answer(out, Encoding.ENCODING_RAW, ByteString.EMPTY, Map.of());
                }
                case "Grow" -> answer(out, Encoding.ENCODING_RAW,
                        ByteString.copyFrom(new byte[Integer.parseInt(request.getConfigOrDefault("bytes", "0"))]), Map.of());
                case "Fail" -> out.onError(Status.INTERNAL.withDescription("Fail always fails").asRuntimeException());
                case "Forbidden" -> out.onError(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException());
                case "SessionCounter" -> {
                    AtomicInteger counter = counters.get(request.getSessionId());
                    if (counter == null) {
                        out.onError(Status.NOT_FOUND.withDescription("unknown session '" + request.getSessionId() + "'")
                                .asRuntimeException());
                        return;
                    }
                    answer(out, Encoding.ENCODING_JSON_UTF8,
                            ByteString.copyFromUtf8(Integer.toString(counter.incrementAndGet())), Map.of());
                }
                default -> out.onError(Status.NOT_FOUND.withDescription("unknown service '" + request.getService() + "'")
                        .asRuntimeException());
            }
        }

        @Override
        public StreamObserver<StreamRequest> stream(StreamObserver<StreamResponse> out) {
            return new StreamObserver<>() {
                private String service;
                private String session;
                private long consumed;
                private boolean failed;

                @Override
                public void onNext(StreamRequest request) {
                    if (failed) {
                        return;
                    }
                    if (request.hasOpen()) {
                        service = request.getOpen().getService();
                        session = request.getOpen().getSessionId();
                        if (!service.equals("SlowSink") && !service.equals("FailAfter3")) {
                            fail(Status.NOT_FOUND.withDescription("unknown stream service '" + service + "'"));
                        }
                        return;
                    }
                    if (service == null) {
                        fail(Status.INVALID_ARGUMENT.withDescription("first message must be open"));
                        return;
                    }
                    consumed++;
                    if (service.equals("FailAfter3") && consumed == 3) {
                        fail(Status.INTERNAL.withDescription("FailAfter3 failed on chunk 3"));
                        return;
                    }
                    // The slow consumer: callbacks of one call are serialized, so while this sleeps no
                    // further chunk is deframed and the HTTP/2 window is not replenished.
                    sleep(chunkDelayMillis);
                    streamedChunks.add(service + ":" + session + ":" + request.getChunk().getData().toStringUtf8());
                    chunksConsumed.incrementAndGet();
                    out.onNext(StreamResponse.newBuilder().setChunksConsumed(consumed).build());
                }

                private void fail(Status status) {
                    failed = true;
                    out.onError(status.asRuntimeException());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (!failed) {
                        streamsCompleted.incrementAndGet();
                        out.onCompleted();
                    }
                }
            };
        }

        @Override
        public void openSession(OpenSessionRequest request, StreamObserver<OpenSessionResponse> out) {
            openedClientSessionIds.add(request.getClientSessionId());
            boolean[] existing = {true};
            String id = sessionsByClientId.computeIfAbsent(request.getClientSessionId(), k -> {
                existing[0] = false;
                String sessionId = name + "-session-" + sessionSeq.incrementAndGet();
                counters.put(sessionId, new AtomicInteger());
                return sessionId;
            });
            out.onNext(OpenSessionResponse.newBuilder().setSessionId(id).setExisting(existing[0]).build());
            out.onCompleted();
        }

        @Override
        public void closeSession(CloseSessionRequest request, StreamObserver<CloseSessionResponse> out) {
            closedSessions.add(request.getSessionId());
            boolean closed = counters.remove(request.getSessionId()) != null;
            sessionsByClientId.values().remove(request.getSessionId());
            out.onNext(CloseSessionResponse.newBuilder().setClosed(closed).build());
            out.onCompleted();
        }

        @Override
        public void listServices(ListServicesRequest request, StreamObserver<ListServicesResponse> out) {
            listServicesCalls.incrementAndGet();
            out.onNext(ListServicesResponse.newBuilder()
                    .addServices(info("Echo", Encoding.ENCODING_RAW).toBuilder().setCacheable(true))
                    .addServices(info("EchoPcm", Encoding.ENCODING_PCM_F32LE, Encoding.ENCODING_RAW))
                    .addServices(info("EchoOnce", Encoding.ENCODING_RAW).toBuilder().setIdempotent(false))
                    .addServices(info("SessionCounter", Encoding.ENCODING_JSON_UTF8))
                    .build());
            out.onCompleted();
        }
    }

    private static ServiceInfo info(String service, Encoding... accepts) {
        return ServiceInfo.newBuilder().setName(service).setNodeType("test." + service).setDescription("test " + service)
                .setIdempotent(true).addAllAccepts(List.of(accepts)).build();
    }

    private static void answer(StreamObserver<ExecuteResponse> out, Encoding encoding, ByteString data,
                               Map<String, String> metadata) {
        out.onNext(ExecuteResponse.newBuilder().setOutput(Payload.newBuilder().setEncoding(encoding).setData(data))
                .putAllMetadata(metadata).build());
        out.onCompleted();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
