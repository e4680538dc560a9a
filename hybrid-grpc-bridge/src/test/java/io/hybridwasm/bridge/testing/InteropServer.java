package io.hybridwasm.bridge.testing;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.testing.integration.TestServiceGrpc;
import io.grpc.testing.integration.TestServiceImpl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * grpc-java's own interop {@code grpc.testing.TestService} ({@link TestServiceImpl}, code this
 * project did not write) on 127.0.0.1, a free port, with or without server reflection
 * ({@code grpc.reflection.v1}). Counts the calls each method receives, so retry tests can see
 * every attempt.
 */
public final class InteropServer implements AutoCloseable {
    /** Calls received per full method name, e.g. {@code grpc.testing.TestService/UnaryCall}. */
    public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Server server;

    private InteropServer(boolean reflection) {
        ServerInterceptor counting = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                calls.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(), k -> new AtomicInteger())
                        .incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TestServiceImpl(executor), counting));
        if (reflection) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        try {
            this.server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server; {@code reflection} adds {@code grpc.reflection.v1}. */
    public static InteropServer start(boolean reflection) {
        return new InteropServer(reflection);
    }

    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Calls {@code method} (full name) received so far. */
    public int callsOf(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /**
     * Writes the descriptor set of {@code grpc/testing/test.proto} with every import into
     * {@code file}, as {@code protoc --include_imports --descriptor_set_out} would.
     */
    public static Path writeDescriptorSet(Path file) throws IOException {
        FileDescriptor test = ((ProtoFileDescriptorSupplier) TestServiceGrpc.getServiceDescriptor()
                .getSchemaDescriptor()).getFileDescriptor();
        Map<String, FileDescriptor> all = new LinkedHashMap<>();
        collect(test, all);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        all.values().forEach(f -> set.addFile(f.toProto()));
        Files.write(file, set.build().toByteArray());
        return file;
    }

    private static void collect(FileDescriptor file, Map<String, FileDescriptor> into) {
        for (FileDescriptor dependency : file.getDependencies()) {
            collect(dependency, into);
        }
        into.putIfAbsent(file.getName(), file);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }
}
