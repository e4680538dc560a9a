package io.hybridwasm.bridge.internal;

import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.hybridwasm.RemoteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pooled channel's calls run on one of the bridge's own event loops, a channel's group is that
 * one loop (so its deadline timers land there), and the blocking unary call the bridge makes still
 * ends at its deadline and still cancels the call on the server when the waiting thread is
 * interrupted.
 */
class ChannelPoolLoopsIT {
    private static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo");
    private static final MethodDescriptor<byte[], byte[]> HANG = method("Hang");

    private final CountDownLatch hangStarted = new CountDownLatch(1);
    private final CountDownLatch hangCancelled = new CountDownLatch(1);
    private Server server;
    private ChannelPool pool;
    private PooledChannel channel;

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder(BytesMarshaller.INSTANCE, BytesMarshaller.INSTANCE)
                .setFullMethodName("test.Loops/" + name).setType(MethodDescriptor.MethodType.UNARY).build();
    }

    @BeforeEach
    void start() throws Exception {
        ServerServiceDefinition loops = ServerServiceDefinition.builder("test.Loops")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(HANG, ServerCalls.asyncUnaryCall((request, response) -> {
                    Context.current().addListener(context -> hangCancelled.countDown(), Runnable::run);
                    hangStarted.countDown();
                }))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(loops).build().start();
        pool = new ChannelPool();
        channel = pool.channel("127.0.0.1:" + server.getPort(), RemoteConfig.builder().target("127.0.0.1:" + server.getPort()).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The calls, and the deadline's cancellation, complete on the bridge's own loop (not grpc's shared group). */
    @Test
    void aCallAndItsDeadlineEndOnTheChannelsOwnLoop() throws Exception {
        Closed answered = call(ECHO, Deadline.after(10, TimeUnit.SECONDS));
        Closed expired = call(HANG, Deadline.after(200, TimeUnit.MILLISECONDS));

        assertEquals(Status.Code.OK, answered.status().getCode());
        assertTrue(answered.thread().startsWith("hybrid-grpc-client"), answered.thread());
        assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.status().getCode());
        assertEquals(answered.thread(), expired.thread(), "the expired call ended on the loop that carries the channel's calls");
        assertTrue(hangCancelled.await(10, TimeUnit.SECONDS), "the server learnt that the call ended");
    }

    /**
     * The channel's group is one loop: its connections to two replicas share it, so a timer the
     * channel schedules on its group lands on the loop that carries its calls (with a group of
     * several loops, each replica's connection would take the next one).
     */
    @Test
    void aChannelsConnectionsToEveryReplicaShareItsOneLoop() throws Exception {
        AtomicInteger secondAnswered = new AtomicInteger();
        Server second = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("test.Loops")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                            secondAnswered.incrementAndGet();
                            response.onNext(request);
                            response.onCompleted();
                        })).build())
                .build().start();
        try {
            String target = "static:///127.0.0.1:" + server.getPort() + ",127.0.0.1:" + second.getPort();
            channel = pool.channel(target, RemoteConfig.builder().target(target).build());
            Set<String> threads = new TreeSet<>();
            // round_robin picks among connected replicas only: call until both have answered, not a fixed count.
            int calls = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((secondAnswered.get() == 0 || secondAnswered.get() == calls) && System.nanoTime() < until) {
                Closed answered = call(ECHO, Deadline.after(10, TimeUnit.SECONDS));
                assertEquals(Status.Code.OK, answered.status().getCode());
                threads.add(answered.thread());
                calls++;
            }
            assertTrue(secondAnswered.get() > 0 && secondAnswered.get() < calls,
                    "both replicas answered: " + secondAnswered + " of " + calls + " calls by the second");
            assertEquals(1, threads.size(), "one loop carries the channel's connections: " + threads);
            assertTrue(threads.iterator().next().startsWith("hybrid-grpc-client"), threads.toString());
        } finally {
            second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBlockingCallEndsAtItsDeadline() {
        byte[] echoed = ClientCalls.blockingUnaryCall(channel.channel(), ECHO,
                channel.unaryOptions(Deadline.after(10, TimeUnit.SECONDS), 1024), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, echoed);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel.channel(), HANG, channel.unaryOptions(Deadline.after(200, TimeUnit.MILLISECONDS), 1024),
                new byte[0]));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    }

    @Test
    void interruptingTheWaitingThreadCancelsTheCallOnTheServer() throws Exception {
        CompletableFuture<Status> ended = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                ClientCalls.blockingUnaryCall(channel.channel(), HANG,
                        channel.unaryOptions(Deadline.after(60, TimeUnit.SECONDS), 1024), new byte[0]);
                ended.complete(Status.OK);
            } catch (StatusRuntimeException e) {
                ended.complete(e.getStatus());
            }
        });
        caller.start();
        assertTrue(hangStarted.await(10, TimeUnit.SECONDS));

        caller.interrupt();

        assertEquals(Status.Code.CANCELLED, ended.get(10, TimeUnit.SECONDS).getCode());
        assertTrue(hangCancelled.await(10, TimeUnit.SECONDS), "the server's call was cancelled");
    }

    private Closed call(MethodDescriptor<byte[], byte[]> method, Deadline deadline) throws Exception {
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.channel().newCall(method, channel.unaryOptions(deadline, 1024));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(new Closed(status, Thread.currentThread().getName()));
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(new byte[] {7});
        call.halfClose();
        return closed.get(10, TimeUnit.SECONDS);
    }

    private record Closed(Status status, String thread) {
    }
}
