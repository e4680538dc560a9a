package io.hybridwasm.examples.bench;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.examples.inventory.v1.Reservation;
import io.hybridwasm.examples.inventory.v1.ReserveRequest;
import io.hybridwasm.examples.inventory.v1.StockGrpc;
import io.hybridwasm.examples.inventory.v1.StockProto;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What calling a gRPC method by name costs: {@code inventory.v1.Stock/Reserve} with a 1 KiB JSON
 * request, timed through the {@code method_client} guest (JSON transcoded by the bridge from a
 * descriptor set) against the baseline, bare grpc-java with generated stubs sending the same
 * message. Two more paths split the cost: {@link RemoteExecutionClient} with the same JSON, and
 * with the same message as protobuf ({@code +proto}, no transcoding), so JSON minus protobuf is
 * the transcoding and guest minus client JSON the guest's share. Beside the latencies, each path's
 * CPU time on the calling thread per call (the transcoding and the guest run there; gRPC's
 * transport does not), and the whole process's (the transport's and the server's threads too,
 * which do more work per call when the caller is slower). All call the same server on loopback;
 * after the warm-up the paths alternate until the compilers are quiet (JsonFormat's code runs
 * several times slower until C2 has compiled it, which on a loaded machine takes past any fixed
 * warm-up), rounds alternate so that drift on a busy machine hits them alike, and ratios are
 * against the baseline of the same run (target for the guest: p50 at most 1.25x). The baseline
 * is a stub on a channel as grpc-java builds it by default; a second stub on a channel with one
 * event loop of its own, the transport set-up the bridge gives its channels (ChannelPool), shows
 * how much of the ratio is that set-up rather than the transcoding and the guest (on grpc's
 * default group a call's deadline timer wakes another loop than the call's). The run prints
 * how long the compilers worked during the timed calls and the load average.
 */
public final class MethodCallBench {
    static final int REQUEST_JSON_BYTES = 1024;
    static final String METHOD = "inventory.v1.Stock/Reserve";
    private static final String GUEST = "modules/method_client.wasm";
    private static final String BASELINE = "bare grpc-java stub";
    private static final String ONE_LOOP_BASELINE = "stub, one event loop";
    private static final String PROTO_PATH = "bridge client, +proto";
    private static final String CLIENT_PATH = "bridge client, JSON";
    private static final String GUEST_PATH = "WASM guest, JSON";

    /** Past the warm-up, each path runs for this long per settling round. */
    private static final Duration SETTLE_WINDOW = Duration.ofMillis(500);
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Duration warmUp;
    private final int callsPerPath;
    private final PrintStream out;

    public MethodCallBench(Duration warmUp, int callsPerPath, PrintStream out) {
        this.warmUp = warmUp;
        this.callsPerPath = callsPerPath;
        this.out = out;
    }

    /**
     * Runs against a Stock server of its own (grpc-java, never out of stock), on a free loopback
     * port of this JVM. The server has event loops of its own, as a server in another process
     * would: on grpc-netty's default loops, which every client channel of the process shares, a
     * connection's client and server ends might share a thread or not, by the turn of a counter
     * that every call's deadline timer also advances, and a shared thread saves a thread hand-off
     * per call; so which path came out faster depended on luck.
     */
    public Map<String, Latencies> run(WasmRuntime runtime) throws IOException, InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelType(NioServerSocketChannel.class)
                .addService(new FixedStock()).build().start();
        try {
            return run(runtime, "127.0.0.1:" + server.getPort());
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private Map<String, Latencies> run(WasmRuntime runtime, String target) throws IOException, InterruptedException {
        ReserveRequest request = request();
        String requestJson = json(request);
        byte[] requestBytes = requestJson.getBytes(StandardCharsets.UTF_8);
        byte[] requestProto = request.toByteArray();
        byte[] guestInput = ("{\"method\":\"" + METHOD + "\",\"request\":" + requestJson + "}")
                .getBytes(StandardCharsets.UTF_8);
        Path descriptorSet = Files.createTempFile("inventory", ".pb");
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().build();
        EventLoopGroup oneLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ManagedChannel oneLoopChannel = NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor()
                .eventLoopGroup(oneLoop).channelType(NioSocketChannel.class).build();
        try {
            Files.write(descriptorSet, FileDescriptorSet.newBuilder()
                    .addFile(StockProto.getDescriptor().toProto()).build().toByteArray());
            RemoteConfig remote = RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(5))
                    .descriptorSet(descriptorSet).build();
            WasmConfig wasm = WasmConfig.builder(ModuleSource.ofResource(GUEST, MethodCallBench.class.getClassLoader()))
                    .allowService(METHOD)
                    .maxInstances(1)
                    .remote(remote)
                    .build();
            try (RemoteExecutionClient client = RemoteExecutionClient.builder(remote).build();
                 WasmNode node = runtime.load(wasm)) {
                StockGrpc.StockBlockingStub stub = StockGrpc.newBlockingStub(channel);
                Map<String, Supplier<String>> paths = new LinkedHashMap<>();
                paths.put(BASELINE, () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).reserve(request).getSku());
                StockGrpc.StockBlockingStub oneLoopStub = StockGrpc.newBlockingStub(oneLoopChannel);
                paths.put(ONE_LOOP_BASELINE, () -> oneLoopStub.withDeadlineAfter(5, TimeUnit.SECONDS).reserve(request).getSku());
                paths.put(PROTO_PATH, () -> skuOf(client.call(METHOD + "+proto", requestProto).bytes()));
                paths.put(CLIENT_PATH, () -> new String(client.call(METHOD, requestBytes).bytes(), StandardCharsets.UTF_8));
                paths.put(GUEST_PATH, () -> new String(node.process(guestInput), StandardCharsets.UTF_8));
                check(paths);
                out.printf(Locale.ROOT, "%s, %d-byte JSON request, to %s; warm-up %s per path, %d timed calls per path, %s;"
                        + " load average %.1f%n", METHOD, requestJson.length(), target, warmUp, callsPerPath,
                        runtime.description(), PROCESS.getSystemLoadAverage());
                Map<String, Long> cpuNanos = new LinkedHashMap<>();
                Map<String, Long> processCpuNanos = new LinkedHashMap<>();
                Map<String, Latencies> results = measure(paths, cpuNanos, processCpuNanos);
                print(results, cpuNanos, processCpuNanos);
                return results;
            }
        } finally {
            channel.shutdownNow();
            oneLoopChannel.shutdownNow();
            oneLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            Files.deleteIfExists(descriptorSet);
        }
    }

    private static void check(Map<String, Supplier<String>> paths) {
        String sku = paths.get(BASELINE).get();
        String oneLoopSku = paths.get(ONE_LOOP_BASELINE).get();
        String protoSku = paths.get(PROTO_PATH).get();
        String client = paths.get(CLIENT_PATH).get();
        String guest = paths.get(GUEST_PATH).get();
        if (!"A-1".equals(sku) || !"A-1".equals(oneLoopSku) || !"A-1".equals(protoSku) || !client.contains("\"sku\":\"A-1\"")
                || !guest.equals(client)) {
            throw new IllegalStateException("unexpected answers: stub sku " + sku + ", one-loop stub sku " + oneLoopSku
                    + ", +proto sku " + protoSku + ", client " + client + ", guest " + guest);
        }
    }

    private static String skuOf(byte[] reservation) {
        try {
            return Reservation.parseFrom(reservation).getSku();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the +proto answer is not a Reservation", e);
        }
    }

    /**
     * Latencies per path; {@code cpuNanos} gets each path's CPU time on this thread over its timed
     * calls, {@code processCpuNanos} the whole process's (gRPC's transport and the server too).
     */
    private Map<String, Latencies> measure(Map<String, Supplier<String>> paths, Map<String, Long> cpuNanos,
                                           Map<String, Long> processCpuNanos) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUntil = System.nanoTime() + warmUp.toNanos() * paths.size();
        while (System.nanoTime() < warmUntil) {
            paths.values().forEach(Supplier::get);
        }
        CompilerActivity compilers = settle(paths);
        Map<String, Latencies> results = new LinkedHashMap<>();
        paths.keySet().forEach(k -> results.put(k, new Latencies()));
        int rounds = 10;
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Supplier<String>> p : paths.entrySet()) {
                Latencies l = results.get(p.getKey());
                long cpu = threads.getCurrentThreadCpuTime();
                long process = PROCESS.getProcessCpuTime();
                for (int i = 0; i < callsPerPath / rounds; i++) {
                    long start = System.nanoTime();
                    p.getValue().get();
                    l.record(System.nanoTime() - start);
                }
                cpuNanos.merge(p.getKey(), threads.getCurrentThreadCpuTime() - cpu, Long::sum);
                processCpuNanos.merge(p.getKey(), PROCESS.getProcessCpuTime() - process, Long::sum);
            }
        }
        out.printf(Locale.ROOT, "  compilers during the timed calls: %d ms%n", compilers.busySinceLastLook().toMillis());
        return results;
    }

    /**
     * Alternates the paths past the fixed warm-up until the JIT and Truffle compilers are quiet (a
     * method still queued for C2, such as JsonFormat's, runs several times slower until it is
     * compiled, which would time the JIT rather than the path). Returns the compilers' meter.
     */
    private CompilerActivity settle(Map<String, Supplier<String>> paths) throws InterruptedException {
        return CompilerActivity.settle(() -> {
            for (Supplier<String> path : paths.values()) {
                long until = System.nanoTime() + SETTLE_WINDOW.toNanos();
                while (System.nanoTime() < until) {
                    path.get();
                }
            }
        }, "all paths", out);
    }

    private void print(Map<String, Latencies> results, Map<String, Long> cpuNanos, Map<String, Long> processCpuNanos) {
        Latencies base = results.get(BASELINE);
        for (Map.Entry<String, Latencies> e : results.entrySet()) {
            Latencies l = e.getValue();
            out.printf(Locale.ROOT, "  %-22s %s   p50 %.2fx  p99 %.2fx baseline   cpu %6.1f µs/call (process %6.1f)%n",
                    e.getKey(), l.summary(), l.percentileMicros(50) / base.percentileMicros(50),
                    l.percentileMicros(99) / base.percentileMicros(99), cpuNanos.get(e.getKey()) / 1000.0 / l.count(),
                    processCpuNanos.get(e.getKey()) / 1000.0 / l.count());
        }
        double guest = results.get(GUEST_PATH).percentileMicros(50);
        out.printf(Locale.ROOT, "  guest / bare p50 %.2fx (target <= 1.25x);  guest / stub on one event loop p50 %.2fx;"
                        + "  guest / bridge client p50 %.2fx;  load average %.1f%n", guest / base.percentileMicros(50),
                guest / results.get(ONE_LOOP_BASELINE).percentileMicros(50),
                guest / results.get(CLIENT_PATH).percentileMicros(50), PROCESS.getSystemLoadAverage());
    }

    /** A reservation request whose compact proto3 JSON form is {@link #REQUEST_JSON_BYTES} long. */
    static ReserveRequest request() {
        ReserveRequest.Builder b = ReserveRequest.newBuilder().setSku("A-1").setQuantity(2).setCustomerId("customer-4711")
                .putLabels("channel", "web").putLabels("region", "eu-west").putLabels("order", "o-20261201-0017")
                .setNote("n");
        return b.setNote("n".repeat(1 + REQUEST_JSON_BYTES - json(b.build()).length())).build();
    }

    static String json(ReserveRequest request) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a generated message always prints as JSON", e);
        }
    }

    /** A Stock that never runs out: the answer costs the same on every call. */
    private static final class FixedStock extends StockGrpc.StockImplBase {
        @Override
        public void reserve(ReserveRequest request, StreamObserver<Reservation> response) {
            response.onNext(Reservation.newBuilder().setReservationId("r-" + request.getCustomerId())
                    .setSku(request.getSku()).setQuantity(request.getQuantity()).setRemaining(1000)
                    .putAllLabels(request.getLabelsMap()).build());
            response.onCompleted();
        }
    }
}
