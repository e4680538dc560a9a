package io.hybridwasm.examples.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Streaming 64 000-byte chunks to {@code Echo}: a bare grpc-java bidi stream that waits for
 * {@code isReady()} before each chunk (the baseline), and a WASM guest ({@code remote_patterns},
 * {@code stream}) through the bridge's {@code stream_to_remote}. A round ends when the server
 * has counted every chunk of it, so both rates are end to end. Rounds alternate; prints MB/s
 * and WASM / bare.
 */
public final class StreamBench {
    private static final String GUEST = "modules/remote_patterns.wasm";

    private final String target;
    private final LongSupplier deliveredBytes;
    private final int chunkBytes;
    private final int chunksPerRound;
    private final int rounds;
    private final PrintStream out;

    /** @param deliveredBytes payload bytes the server has received on Echo streams so far */
    public StreamBench(String target, LongSupplier deliveredBytes, int chunkBytes, int chunksPerRound, int rounds,
                       PrintStream out) {
        this.target = target;
        this.deliveredBytes = deliveredBytes;
        this.chunkBytes = chunkBytes;
        this.chunksPerRound = chunksPerRound;
        this.rounds = rounds;
        this.out = out;
    }

    public void run(WasmRuntime runtime) throws InterruptedException {
        byte[] chunk = new byte[chunkBytes];
        new Random(1).nextBytes(chunk);
        byte[] all = new byte[chunkBytes * chunksPerRound];
        for (int i = 0; i < chunksPerRound; i++) {
            System.arraycopy(chunk, 0, all, i * chunkBytes, chunkBytes);
        }
        byte[] guestInput = ThroughputBench.concat(("Echo\n" + chunkBytes + "\n").getBytes(StandardCharsets.US_ASCII), all);
        WasmConfig wasm = WasmConfig.builder(ModuleSource.ofResource(GUEST, StreamBench.class.getClassLoader()))
                .entryFunction("stream").allowService("Echo").maxInstances(1).callTimeout(Duration.ofMinutes(2))
                .maxMessageSize(guestInput.length + 1024)
                .memoryLimitBytes(Math.max(64L << 20, 4L * guestInput.length))
                .remote(RemoteConfig.builder().target(target).build())
                .build();
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(8 << 20).build();
        try (WasmNode node = runtime.load(wasm); BareStream bare = new BareStream(channel)) {
            StreamRequest request = StreamRequest.newBuilder()
                    .setChunk(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(chunk)))
                    .build();
            Runnable barePath = () -> {
                for (int i = 0; i < chunksPerRound; i++) {
                    bare.send(request);
                }
            };
            Runnable wasmPath = () -> node.process(guestInput);
            out.printf(Locale.ROOT, "Stream to Echo, %d B chunks, %d chunks (%.1f MB) per round, %d rounds per path after"
                    + " two warm-up rounds; %s%n", chunkBytes, chunksPerRound, all.length / 1e6, rounds, runtime.description());
            for (int w = 0; w < 2; w++) {
                round(barePath);
                round(wasmPath);
            }
            long bareNanos = 0;
            long wasmNanos = 0;
            StringBuilder perRound = new StringBuilder();
            for (int r = 0; r < rounds; r++) {
                long b = round(barePath);
                long g = round(wasmPath);
                bareNanos += b;
                wasmNanos += g;
                perRound.append(String.format(Locale.ROOT, "%s%.2f", r == 0 ? "" : " ", (double) b / g));
            }
            double bareRate = (double) all.length * rounds / bareNanos * 1e3;
            double wasmRate = (double) all.length * rounds / wasmNanos * 1e3;
            out.printf(Locale.ROOT, "  bare grpc-java bidi   %8.1f MB/s%n", bareRate);
            out.printf(Locale.ROOT, "  WASM stream_to_remote %8.1f MB/s   %.2fx baseline (per round: %s)%n",
                    wasmRate, wasmRate / bareRate, perRound);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Runs one round and waits until the server has every chunk; returns its nanoseconds. */
    private long round(Runnable path) throws InterruptedException {
        long expected = deliveredBytes.getAsLong() + (long) chunkBytes * chunksPerRound;
        long start = System.nanoTime();
        path.run();
        long deadline = start + Duration.ofMinutes(1).toNanos();
        while (deliveredBytes.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not receive every chunk within a minute");
            }
            LockSupport.parkNanos(100_000);
        }
        return System.nanoTime() - start;
    }

    /** One bidi stream that hands over a chunk only when the transport is ready for it. */
    private static final class BareStream implements AutoCloseable, ClientResponseObserver<StreamRequest, StreamResponse> {
        private final Object lock = new Object();
        private ClientCallStreamObserver<StreamRequest> requests;
        private volatile Throwable failure;

        BareStream(ManagedChannel channel) {
            RemoteExecutionGrpc.newStub(channel).stream(this);
            requests.onNext(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder().setService("Echo")).build());
        }

        void send(StreamRequest chunk) {
            synchronized (lock) {
                while (!requests.isReady()) {
                    if (failure != null) {
                        throw new IllegalStateException("the bare stream failed", failure);
                    }
                    try {
                        lock.wait(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            }
            requests.onNext(chunk);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<StreamRequest> stream) {
            this.requests = stream;
            stream.setOnReadyHandler(() -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
        }

        @Override
        public void onNext(StreamResponse value) {
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
        }

        @Override
        public void onCompleted() {
        }

        @Override
        public void close() {
            requests.onCompleted();
        }
    }
}
