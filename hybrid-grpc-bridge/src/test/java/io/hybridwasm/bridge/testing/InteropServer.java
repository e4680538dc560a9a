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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * grpc-java's own interop {@code grpc.testing.TestService} ({@link TestServiceImpl}, code this
 * project did not write) on 127.0.0.1, a free port, with server reflection {@code v1}, only the
 * older {@code v1alpha}, or none. Counts the calls each method receives (reflection included),
 * so tests can see every attempt and every schema lookup, and can delay a method's calls.
 */
public final class InteropServer implements AutoCloseable {
    /** Calls received per full method name, e.g. {@code grpc.testing.TestService/UnaryCall}. */
    public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** The {@code authorization} header of the latest call per full method name ("" when absent). */
    public final Map<String, String> authorizations = new ConcurrentHashMap<>();
    /** How long the server waits before it starts working on each call of a full method name. */
    public final Map<String, Duration> delays = new ConcurrentHashMap<>();

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Server server;

    /** Which reflection service the server offers. */
    public enum Reflection { V1, V1ALPHA_ONLY, NONE }

    private InteropServer(Reflection reflection) {
        ServerInterceptor counting = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String method = call.getMethodDescriptor().getFullMethodName();
                calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
                String authorization = headers.get(AUTHORIZATION);
                authorizations.put(method, authorization == null ? "" : authorization);
                Duration delay = delays.get(method);
                if (delay != null) {
                    sleep(delay);
                }
                return next.startCall(call, headers);
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TestServiceImpl(executor), counting));
        switch (reflection) {
            case V1 -> builder.addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), counting));
            case V1ALPHA_ONLY -> builder.addService(ServerInterceptors.intercept(v1alpha(), counting));
            case NONE -> { }
        }
        try {
            this.server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a server offering {@code reflection}. */
    public static InteropServer start(Reflection reflection) {
        return new InteropServer(reflection);
    }

    @SuppressWarnings("deprecation") // the v1alpha service is what older servers still offer
    private static io.grpc.BindableService v1alpha() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
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
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }
}
