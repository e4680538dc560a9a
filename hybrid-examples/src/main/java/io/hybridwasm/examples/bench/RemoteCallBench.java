package io.hybridwasm.examples.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the bridge costs: the same {@code Echo} of a 64000-byte payload, timed as a bare
 * grpc-java unary call (the baseline), through {@link RemoteExecutionClient}, and from a WASM
 * guest through the bridge's {@code call_remote_service}. Rounds alternate between the three so
 * that drift on a busy machine hits them alike; ratios are against the baseline of the same run.
 */
public final class RemoteCallBench {
    static final int PAYLOAD_BYTES = 64_000;
    private static final String GUEST = "modules/remote_patterns.wasm";

    private final String target;
    private final Duration warmUp;
    private final int callsPerPath;
    private final PrintStream out;

    public RemoteCallBench(String target, Duration warmUp, int callsPerPath, PrintStream out) {
        this.target = target;
        this.warmUp = warmUp;
        this.callsPerPath = callsPerPath;
        this.out = out;
    }

    /** A call of one path; returns the number of bytes echoed, checked by the caller. */
    private interface Path {
        int call();
    }

    public Map<String, Latencies> run(WasmRuntime runtime) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(1).nextBytes(payload);
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor()
                .maxInboundMessageSize(8 << 20).build();
        WasmConfig wasm = WasmConfig.builder(ModuleSource.ofResource(GUEST, RemoteCallBench.class.getClassLoader()))
                .entryFunction("call_service_raw")
                .allowService("Echo")
                .maxInstances(1)
                .remote(RemoteConfig.builder().target(target).build())
                .build();
        byte[] guestInput = concat(("Echo\n" + PAYLOAD_BYTES + "\n").getBytes(StandardCharsets.US_ASCII), payload);
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder().target(target).build()).build();
             WasmNode node = runtime.load(wasm)) {
            RemoteExecutionGrpc.RemoteExecutionBlockingStub stub = RemoteExecutionGrpc.newBlockingStub(channel);
            ExecuteRequest request = ExecuteRequest.newBuilder().setService("Echo")
                    .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(payload)))
                    .build();
            Map<String, Path> paths = new LinkedHashMap<>();
            paths.put("bare grpc-java", () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).execute(request).getOutput().getData().size());
            paths.put("RemoteExecutionClient", () -> client.call("Echo", payload).size());
            paths.put("WASM via bridge", () -> node.process(guestInput).length);
            for (Map.Entry<String, Path> p : paths.entrySet()) {
                int n = p.getValue().call();
                if (n != PAYLOAD_BYTES) {
                    throw new IllegalStateException(p.getKey() + " echoed " + n + " bytes, expected " + PAYLOAD_BYTES);
                }
            }
            out.printf(Locale.ROOT, "Echo %d B to %s; warm-up %s per path, %d timed calls per path, %s%n",
                    PAYLOAD_BYTES, target, warmUp, callsPerPath, runtime.description());
            long warmUntil = System.nanoTime() + warmUp.toNanos() * paths.size();
            while (System.nanoTime() < warmUntil) {
                paths.values().forEach(Path::call);
            }
            Map<String, Latencies> results = new LinkedHashMap<>();
            paths.keySet().forEach(k -> results.put(k, new Latencies()));
            int rounds = 10;
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, Path> p : paths.entrySet()) {
                    Latencies l = results.get(p.getKey());
                    for (int i = 0; i < callsPerPath / rounds; i++) {
                        long start = System.nanoTime();
                        p.getValue().call();
                        l.record(System.nanoTime() - start);
                    }
                }
            }
            print(results);
            return results;
        } finally {
            channel.shutdownNow();
        }
    }

    private void print(Map<String, Latencies> results) {
        Latencies base = results.values().iterator().next();
        for (Map.Entry<String, Latencies> e : results.entrySet()) {
            Latencies l = e.getValue();
            out.printf(Locale.ROOT, "  %-22s %s   p50 %.2fx  p99 %.2fx baseline%n", e.getKey(), l.summary(),
                    l.percentileMicros(50) / base.percentileMicros(50), l.percentileMicros(99) / base.percentileMicros(99));
        }
        Latencies client = results.get("RemoteExecutionClient");
        Latencies wasm = results.get("WASM via bridge");
        out.printf(Locale.ROOT, "  client / bare p50 %.2fx;  WASM bridge / client p50 %.2fx%n",
                client.percentileMicros(50) / base.percentileMicros(50),
                wasm.percentileMicros(50) / client.percentileMicros(50));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
