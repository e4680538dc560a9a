package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.testing.TestServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Builder settings take effect on a real server. */
class ServerConfigIT {

    private static ExecuteRequest echo(int bytes) {
        return ExecuteRequest.newBuilder().setService("Echo").setInput(Payload.newBuilder()
                .setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(new byte[bytes]))).build();
    }

    /** A custom service, hosted from an explicit registry rather than the class path. */
    static final class Greeter extends HostedService {
        @Override
        public String name() {
            return "Greeter";
        }

        @Override
        public String description() {
            return "Greets";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return Set.of(PayloadEncoding.RAW);
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            return ServiceResult.json("{\"hello\":\"" + new String(call.bytes()) + "\"}");
        }
    }

    @Test
    void messagesAboveTheInboundLimitAreResourceExhausted() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxInboundMessageSize(1024))) {
            assertEquals(100, server.blocking().execute(echo(100)).getOutput().getData().size());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().execute(echo(4096)));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        }
    }

    @Test
    void aCustomRegistryAndInterceptorAreUsed() throws Exception {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new Greeter());
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                seen.add(call.getMethodDescriptor().getFullMethodName());
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                        next.startCall(call, headers)) { };
            }
        };
        try (TestServer server = TestServer.start(b -> b.registry(registry).intercept(recorder))) {
            String json = server.blocking().execute(ExecuteRequest.newBuilder().setService("Greeter")
                    .setInput(Payload.newBuilder().setData(ByteString.copyFromUtf8("wasm"))).build())
                    .getOutput().getData().toStringUtf8();
            assertEquals("{\"hello\":\"wasm\"}", json);
            assertEquals(List.of("hybrid.v1.RemoteExecution/Execute"), seen);
            assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().execute(echo(1))).getStatus().getCode());
        }
    }

    @Test
    void portZeroBindsAFreePortOnLoopback() throws Exception {
        try (TestServer a = TestServer.start(); TestServer b = TestServer.start()) {
            assertTrue(a.server().port() > 0);
            assertNotEquals(a.server().port(), b.server().port());
        }
    }
}
