package io.hybridwasm.services.testing;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.grpc.stub.MetadataUtils;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.HybridServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real {@link HybridServer} on 127.0.0.1 and a free port, with a plaintext Netty channel
 * to it. Closing closes both.
 */
public final class TestServer implements AutoCloseable {

    private final HybridServer server;
    private final ManagedChannel channel;

    private TestServer(HybridServer server) {
        this.server = server;
        this.channel = newChannel();
    }

    /** Starts a server with the defaults (class-path services, diagnostics on: the tests call Sleep and Fail) on a free port. */
    public static TestServer start() throws IOException {
        return start(UnaryOperator.identity());
    }

    /** Starts a server configured by {@code configure} (diagnostics on unless it turns them off) on a free port. */
    public static TestServer start(UnaryOperator<HybridServerBuilder> configure) throws IOException {
        return new TestServer(configure.apply(HybridServer.builder().port(0).diagnostics(true)).build().start());
    }

    /** A new plaintext channel to the server; the caller shuts it down. */
    public ManagedChannel newChannel() {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    public HybridServer server() {
        return server;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public RemoteExecutionGrpc.RemoteExecutionBlockingStub blocking() {
        return RemoteExecutionGrpc.newBlockingStub(channel);
    }

    public RemoteExecutionGrpc.RemoteExecutionStub async() {
        return RemoteExecutionGrpc.newStub(channel);
    }

    /** A blocking stub presenting {@code authorization: Bearer <token>} on every call. */
    public RemoteExecutionGrpc.RemoteExecutionBlockingStub blocking(String token) {
        return blocking().withInterceptors(bearer(token));
    }

    /** A client interceptor presenting {@code authorization: Bearer <token>}, for any stub. */
    public static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /**
     * Asks the server's reflection service to list its services, presenting {@code token} when
     * not null; waits at most {@code wait} for the answer.
     */
    public ServerReflectionResponse listServicesByReflection(String token, Duration wait) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        ServerReflectionGrpc.ServerReflectionStub stub = ServerReflectionGrpc.newStub(channel());
        if (token != null) {
            stub = stub.withInterceptors(bearer(token));
        }
        StreamObserver<ServerReflectionRequest> requests = stub.serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            requests.onCompleted();
        }
    }

    /** Waits (up to 5 s, else fails) until at least {@code calls} Execute calls are running on the server. */
    public void awaitInFlight(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.stats().inFlightCalls() < calls) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + server.stats().inFlightCalls() + " of " + calls
                        + " calls reached the server");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
