package io.hybridwasm.examples.e2e;

import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceImpl;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code method_client} guest calling gRPC methods by name, schema from server reflection:
 * grpc-java's interop {@code TestService} (a server this project did not write) and the health
 * service of Hybrid's own server.
 */
class MethodByNameIT extends LoopbackServerAndRuntime {
    static final ModuleSource METHOD_CLIENT = Guests.resource("modules/method_client.wasm");

    /** Calls the interop server received, per full method name. */
    static final Map<String, AtomicInteger> interopCalls = new ConcurrentHashMap<>();
    static ScheduledExecutorService interopExecutor;
    static Server interop;
    static String interopTarget;

    @BeforeAll
    static void startInteropServer() throws IOException {
        interopExecutor = Executors.newSingleThreadScheduledExecutor();
        interop = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TestServiceImpl(interopExecutor), new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                      ServerCallHandler<Q, R> next) {
                        interopCalls.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(), m -> new AtomicInteger())
                                .incrementAndGet();
                        return next.startCall(call, headers);
                    }
                }))
                .addService(ProtoReflectionServiceV1.newInstance())
                .build().start();
        interopTarget = "127.0.0.1:" + interop.getPort();
    }

    @AfterAll
    static void stopInteropServer() {
        interop.shutdownNow();
        interopExecutor.shutdownNow();
    }

    /**
     * The guest talking to {@code target}, with limits for a fresh JVM's first method call (schema
     * by reflection, transcoding classes loaded) on a shared, busy machine.
     */
    private static WasmNode node(String entry, String target, String allowed) {
        return runtime.load(Guests.config(METHOD_CLIENT, entry, target, allowed)
                .callTimeout(Duration.ofSeconds(30))
                .remote(RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(15)).build())
                .build());
    }

    private static String call(WasmNode node, String method, String request) {
        String input = "{\"method\":\"" + method + "\",\"request\":" + request + "}";
        return Guests.text(node.process(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String stream(WasmNode node, String method, String... requests) {
        String input = "{\"method\":\"" + method + "\",\"requests\":[" + String.join(",", requests) + "]}";
        return Guests.text(node.process(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Integer> payloadSizes(String jsonArray) throws IOException {
        ListValue.Builder array = ListValue.newBuilder();
        JsonFormat.parser().merge(jsonArray, array);
        List<Integer> sizes = new ArrayList<>();
        for (Value v : array.getValuesList()) {
            StreamingOutputCallResponse r = parse(JsonFormat.printer().print(v), StreamingOutputCallResponse::newBuilder);
            sizes.add(r.getPayload().getBody().size());
        }
        return sizes;
    }

    private static <M extends Message> M parse(String json, Supplier<Message.Builder> builder) throws IOException {
        Message.Builder b = builder.get();
        JsonFormat.parser().merge(json, b);
        @SuppressWarnings("unchecked")
        M message = (M) b.build();
        return message;
    }

    @Test
    void interopUnaryEmptyAndServerStreamingCalls() throws IOException {
        try (WasmNode node = node("process", interopTarget, "grpc.testing.TestService/*")) {
            SimpleResponse unary = parse(call(node, "grpc.testing.TestService/UnaryCall",
                    "{\"responseSize\":5,\"payload\":{\"body\":\"aGVsbG8=\"}}"), SimpleResponse::newBuilder);
            assertArrayEquals(new byte[5], unary.getPayload().getBody().toByteArray());

            assertEquals("{}", call(node, "grpc.testing.TestService/EmptyCall", "{}"));

            String stream = call(node, "grpc.testing.TestService/StreamingOutputCall",
                    "{\"responseParameters\":[{\"size\":3},{\"size\":1},{\"size\":2}]}");
            assertEquals(List.of(3, 1, 2), payloadSizes(stream), "every response, in order: " + stream);
        }
    }

    @Test
    void anAnswerLargerThanTheHostsFirstBufferCallsTheMethodOnce() throws IOException {
        String method = "grpc.testing.TestService/StreamingOutputCall";
        try (WasmNode node = node("process", interopTarget, method)) {
            int before = interopCalls.getOrDefault(method, new AtomicInteger()).get();
            String big = call(node, method, "{\"responseParameters\":[{\"size\":40000},{\"size\":40000}]}");
            assertTrue(big.length() > 100_000, "more than the first 64 KiB output buffer: " + big.length());
            assertEquals(List.of(40_000, 40_000), payloadSizes(big));
            assertEquals(before + 1, interopCalls.get(method).get(),
                    "the host's second try after -3 (entry and import) got kept answers");
        }
    }

    @Test
    void interopClientAndBidiStreamsFromTheGuest() throws IOException {
        try (WasmNode node = node("process", interopTarget, "grpc.testing.TestService/*")) {
            StreamingInputCallResponse sum = parse(stream(node, "grpc.testing.TestService/StreamingInputCall",
                    "{\"payload\":{\"body\":\"AAAA\"}}", "{\"payload\":{\"body\":\"AAAAAA==\"}}"),
                    StreamingInputCallResponse::newBuilder);
            assertEquals(7, sum.getAggregatedPayloadSize(), "the server saw both messages (3 + 4 bytes)");

            String duplex = stream(node, "grpc.testing.TestService/FullDuplexCall",
                    "{\"responseParameters\":[{\"size\":2}]}", "{\"responseParameters\":[{\"size\":1},{\"size\":3}]}");
            assertEquals(List.of(2, 1, 3), payloadSizes(duplex), "every response of the bidi stream: " + duplex);

            StreamingInputCallResponse again = parse(stream(node, "grpc.testing.TestService/StreamingInputCall",
                    "{\"payload\":{\"body\":\"AA==\"}}"), StreamingInputCallResponse::newBuilder);
            assertEquals(1, again.getAggregatedPayloadSize(), "a finished stream is gone; the next call opens a new one");
        }
    }

    @Test
    void unknownMethodsMisspelledFieldsAndRemoteErrorsReachTheGuest() {
        try (WasmNode node = node("process", interopTarget, "grpc.testing.TestService/*");
             WasmNode reporting = node("process_reporting_errors", interopTarget, "grpc.testing.TestService/*")) {
            GuestStatusException unknown = assertThrows(GuestStatusException.class,
                    () -> call(node, "grpc.testing.TestService/NoSuchCall", "{}"));
            assertEquals(-5, unknown.code());

            GuestStatusException misspelled = assertThrows(GuestStatusException.class,
                    () -> call(node, "grpc.testing.TestService/UnaryCall", "{\"responseSzie\":1}"));
            assertEquals(-8, misspelled.code());
            String why = call(reporting, "grpc.testing.TestService/UnaryCall", "{\"responseSzie\":1}");
            assertTrue(why.startsWith("{\"error\":{\"status\":-8,") && why.contains("responseSzie"), why);

            String failed = call(reporting, "grpc.testing.TestService/UnaryCall",
                    "{\"responseStatus\":{\"code\":9,\"message\":\"on purpose\"}}");
            assertTrue(failed.contains("\"grpc_status\":\"FAILED_PRECONDITION\",\"grpc_code\":9,\"grpc_description\":\"on purpose\""),
                    "the interop server's echoed status: " + failed);
        }
    }

    @Test
    void healthCheckOfHybridsOwnServerThroughReflection() {
        try (WasmNode node = node("process", target, "grpc.health.v1.Health/Check")) {
            assertEquals("{\"status\":\"SERVING\"}",
                    call(node, "grpc.health.v1.Health/Check", "{\"service\":\"hybrid.v1.RemoteExecution\"}"));
            assertEquals("{\"status\":\"SERVING\"}", call(node, "grpc.health.v1.Health/Check", "{}"));
            GuestStatusException notAllowed = assertThrows(GuestStatusException.class,
                    () -> call(node, "grpc.health.v1.Health/Watch", "{}"));
            assertEquals(-4, notAllowed.code());
        }
    }
}
