package io.hybridwasm.bridge;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9.2's channel and client bounds: 1 000 auth-token rotations against a real server that
 * checks tokens. Each rotation is a new {@link RemoteConfig} (what an embedder does when its
 * token changes) and a new guest instance calling {@code Echo} with it. The server sees the new
 * token on every call, the provider keeps one channel, holds one client while an instance uses
 * it and none once every instance is gone, and the heap retained after a full GC grows by less
 * than 32 MiB (a generous limit: 1 000 leaked channels with their connections cost far more).
 */
class TokenRotationIT {
    private static final int ROTATIONS = 1_000;
    private static final long RETAINED_LIMIT = 32L << 20;

    @Test
    void aThousandTokenRotationsKeepOneChannelAndLeaveNoClientBehind() throws IOException {
        AccessPolicy.Builder policy = AccessPolicy.builder();
        for (int i = 0; i < ROTATIONS; i++) {
            policy.grant(token(i), "Echo");
        }
        AtomicReference<String> presented = new AtomicReference<>();
        HybridServer server = HybridServer.builder().port(0).accessPolicy(policy.build())
                .intercept(recordingAuthorization(presented)).build().start();
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider()) {
            rotate(provider, server, 0, 10); // warm up: first channel, classes loaded
            long before = retainedHeap();

            rotate(provider, server, 10, ROTATIONS);
            assertEquals("Bearer " + token(ROTATIONS - 1), presented.get());
            assertEquals(1, provider.channelCount(), "one channel to the one endpoint, whatever the token");
            assertEquals(0, provider.clientCount(), "no client outlives the instances that used it");
            long grown = retainedHeap() - before;
            System.out.printf("TokenRotationIT: %d rotations; channels %d, clients %d, heap retained +%d KiB%n",
                    ROTATIONS, provider.channelCount(), provider.clientCount(), grown >> 10);
            assertTrue(grown < RETAINED_LIMIT, "heap retained grew by " + (grown >> 20) + " MiB over "
                    + ROTATIONS + " rotations, limit " + (RETAINED_LIMIT >> 20) + " MiB");
        } finally {
            server.close();
        }
    }

    private static void rotate(GrpcBridgeProvider provider, HybridServer server, int from, int to) {
        byte[] payload = {7, 8, 9};
        for (int i = from; i < to; i++) {
            RemoteConfig remote = RemoteConfig.builder().target("127.0.0.1:" + server.port()).authToken(token(i))
                    .build();
            try (Guest guest = new Guest("rotation-" + i, Guest.config(remote, Set.of("Echo")),
                    provider.functions())) {
                Guest.Answer answer = guest.callRemote("Echo", payload, 16);
                assertEquals(0, answer.status(), "rotation " + i);
                assertEquals(1, provider.clientCount(), "the live instance's client");
                assertArrayEquals(payload, answer.bytes());
            }
        }
    }

    private static ServerInterceptor recordingAuthorization(AtomicReference<String> presented) {
        Metadata.Key<String> authorization = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                presented.set(headers.get(authorization));
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                };
            }
        };
    }

    private static String token(int i) {
        return "rotated-token-" + i;
    }

    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
