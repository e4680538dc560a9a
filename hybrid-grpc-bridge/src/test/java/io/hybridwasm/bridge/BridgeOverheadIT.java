package io.hybridwasm.bridge;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's own cost on 64000-byte unary calls, against bare grpc-java on the same server.
 * Calls alternate between the contenders one by one, so drift on a shared machine hits all alike.
 *
 * <p>The target is bridge p50 ≤ 1.10 × bare p50; the assertion allows 1.30× because this runs on
 * shared CI cores where one descheduling shifts a median by tens of microseconds. The measured
 * numbers are printed for the record.
 */
class BridgeOverheadIT {
    private static final int PAYLOAD = 64_000;
    private static final int WARMUP = 1_500;
    private static final int MEASURED = 2_000;

    @Test
    void theBridgeAddsLittleToABareGrpcCall() {
        byte[] payload = new byte[PAYLOAD];
        new Random(3).nextBytes(payload);
        try (TestRemoteServer server = TestRemoteServer.start("bench");
             RemoteExecutionClient client = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(server.target()).build()).build();
             GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("bench", Guest.config(RemoteConfig.builder().target(server.target()).build(),
                     Set.of("Echo")), provider.functions())) {
            ManagedChannel direct = NettyChannelBuilder.forTarget(server.target()).usePlaintext().directExecutor().build();
            ManagedChannel pooled = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
            try {
                var directStub = RemoteExecutionGrpc.newBlockingStub(direct);
                var pooledStub = RemoteExecutionGrpc.newBlockingStub(pooled);
                Supplier<Object> bareDirect = () -> directStub.withDeadlineAfter(2, TimeUnit.SECONDS)
                        .execute(request(payload)).getOutput().getData();
                Supplier<Object> bareDefault = () -> pooledStub.withDeadlineAfter(2, TimeUnit.SECONDS)
                        .execute(request(payload)).getOutput().getData();
                Supplier<Object> bridge = () -> client.call("Echo", payload);
                int servicePtr = guest.memory.putUtf8("Echo");
                int dataPtr = guest.memory.put(payload);
                int resultPtr = guest.memory.alloc(PAYLOAD);
                int lenPtr = guest.memory.alloc(4);
                Supplier<Object> hostFunction = () -> {
                    guest.memory.writeInt(lenPtr, PAYLOAD);
                    int status = guest.invoke("call_remote_service", servicePtr, 4, dataPtr, PAYLOAD, resultPtr, lenPtr);
                    assertEquals(0, status);
                    return status;
                };

                String[] names = {"bare directExecutor", "bare default executor", "RemoteExecutionClient.call",
                        "call_remote_service (no wasm)"};
                List<Supplier<Object>> contenders = List.of(bareDirect, bareDefault, bridge, hostFunction);
                for (Supplier<Object> c : contenders) {
                    for (int i = 0; i < WARMUP; i++) {
                        c.get();
                    }
                }
                long[][] samples = new long[contenders.size()][MEASURED];
                for (int i = 0; i < MEASURED; i++) {
                    for (int c = 0; c < contenders.size(); c++) {
                        long start = System.nanoTime();
                        contenders.get(c).get();
                        samples[c][i] = System.nanoTime() - start;
                    }
                }
                double[] p50 = new double[contenders.size()];
                for (int c = 0; c < contenders.size(); c++) {
                    Arrays.sort(samples[c]);
                    p50[c] = samples[c][samples[c].length / 2] / 1_000.0;
                    System.out.printf("%-32s p50 %7.1f µs  p90 %7.1f µs%n", names[c], p50[c],
                            samples[c][samples[c].length * 9 / 10] / 1_000.0);
                }
                System.out.printf("bridge / bare-direct p50 = %.3f, host function / bare-direct p50 = %.3f%n",
                        p50[2] / p50[0], p50[3] / p50[0]);
                assertTrue(p50[2] <= 1.30 * p50[0], "bridge p50 " + p50[2] + " µs vs bare " + p50[0] + " µs");
            } finally {
                direct.shutdownNow();
                pooled.shutdownNow();
            }
        }
    }

    private static ExecuteRequest request(byte[] payload) {
        return ExecuteRequest.newBuilder().setService("Echo")
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(payload)))
                .build();
    }
}
