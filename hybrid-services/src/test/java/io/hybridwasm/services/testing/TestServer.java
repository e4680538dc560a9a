package io.hybridwasm.services.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.HybridServerBuilder;
import java.io.IOException;
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

    /** Starts a server with the defaults (class-path services) on a free port. */
    public static TestServer start() throws IOException {
        return start(UnaryOperator.identity());
    }

    /** Starts a server configured by {@code configure} on a free port. */
    public static TestServer start(UnaryOperator<HybridServerBuilder> configure) throws IOException {
        return new TestServer(configure.apply(HybridServer.builder().port(0)).build().start());
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
