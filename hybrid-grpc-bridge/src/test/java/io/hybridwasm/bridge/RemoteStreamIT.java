package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flow-controlled streams against a real gRPC server on loopback. */
class RemoteStreamIT {
    private static final int CHUNK = 16 * 1024;

    @Test
    void aSlowConsumerSlowsTheSenderDownAndReceivesEveryChunkInOrder() {
        // A 64 KiB HTTP/2 window on the server: at most ~4 chunks can wait in its transport.
        try (TestRemoteServer server = TestRemoteServer.start("slow", b -> b.flowControlWindow(64 * 1024))
                .chunkDelayMillis(5);
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(5)).build()).build()) {
            RemoteStream stream = client.openStream("SlowSink", Optional.empty());
            long maxInFlight = 0;
            long slowestSendNanos = 0;
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                stream.send(chunk(i));
                slowestSendNanos = Math.max(slowestSendNanos, System.nanoTime() - start);
                // Everything sent but not yet consumed: in the client's queue, on the wire or in the
                // server's window. Unbounded client buffering would let this grow towards 100.
                maxInFlight = Math.max(maxInFlight, stream.chunksSent() - server.chunksConsumed.get());
            }
            stream.close();
            System.out.printf("stream: max in flight %d chunks of %d B, slowest send %.1f ms%n",
                    maxInFlight, CHUNK, slowestSendNanos / 1e6);

            assertTrue(maxInFlight <= 12, "in flight " + maxInFlight);
            assertTrue(slowestSendNanos > Duration.ofMillis(2).toNanos(), "sends blocked on flow control");
            List<String> expected = IntStream.range(0, 100).mapToObj(i -> "SlowSink::" + i).toList();
            assertEquals(expected, prefixes(server.streamedChunks));
            assertEquals(1, server.streamsCompleted.get(), "close half-closed and waited for the server");
            assertEquals(100, stream.chunksConsumed());
        }
    }

    @Test
    void aStreamErrorIsReportedByTheNextSendAndTheStreamStaysFailed() throws InterruptedException {
        try (TestRemoteServer server = TestRemoteServer.start("failing");
             RemoteExecutionClient client = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(server.target()).build()).build()) {
            RemoteStream stream = client.openStream("FailAfter3", Optional.of("sess-1"));
            for (int i = 0; i < 3; i++) {
                stream.send(chunk(i));
            }
            RemoteCallException e = null;
            Instant giveUp = Instant.now().plusSeconds(5);
            while (e == null && Instant.now().isBefore(giveUp)) {
                try {
                    stream.send(chunk(99));
                    Thread.sleep(10);
                } catch (RemoteCallException failed) {
                    e = failed;
                }
            }
            assertTrue(e != null, "the failure surfaced");
            assertEquals(HostStatus.REMOTE_ERROR, e.status());
            assertFalse(stream.isOpen());
            assertEquals(List.of("FailAfter3:sess-1:0", "FailAfter3:sess-1:1"), prefixes(server.streamedChunks));
            stream.close(); // already reported: closing is quiet
        }
    }

    @Test
    void aStreamToAServiceTheServerDoesNotHostFailsUnknown() {
        try (TestRemoteServer server = TestRemoteServer.start("plain");
             RemoteExecutionClient client = RemoteExecutionClient.builder(
                     RemoteConfig.builder().target(server.target()).build()).build()) {
            RemoteStream stream = client.openStream("NoSuchStream", Optional.empty());
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    stream.send(chunk(i));
                    Thread.sleep(5);
                }
            });
            assertEquals(HostStatus.UNKNOWN_SERVICE, e.status());
        }
    }

    @Test
    void aSendThatCannotGetPastFlowControlTimesOutAndTheStreamStaysUsable() {
        try (TestRemoteServer server = TestRemoteServer.start("stalled", b -> b.flowControlWindow(64 * 1024))
                .chunkDelayMillis(200);
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target(server.target()).deadline(Duration.ofSeconds(10)).build()).build()) {
            RemoteStream stream = client.openStream("SlowSink", Optional.empty());
            RemoteCallException timeout = null;
            for (int i = 0; i < 50 && timeout == null; i++) {
                try {
                    stream.send(chunk(i), Instant.now().plusMillis(50));
                } catch (RemoteCallException e) {
                    timeout = e;
                }
            }
            assertTrue(timeout != null, "some send had to wait longer than 50 ms");
            assertEquals(HostStatus.TIMEOUT, timeout.status());
            assertTrue(stream.isOpen());
            server.chunkDelayMillis(0);
            stream.send(chunk(1000));
            stream.close();
        }
    }

    private static List<String> prefixes(List<String> chunks) {
        List<String> result = new ArrayList<>();
        for (String c : chunks) {
            result.add(c.substring(0, c.indexOf('|')));
        }
        return result;
    }

    /** {@link #CHUNK} bytes: the index as text, a separator, padding. */
    private static byte[] chunk(int index) {
        byte[] bytes = new byte[CHUNK];
        Arrays.fill(bytes, (byte) 'x');
        byte[] label = (index + "|").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, label.length);
        return bytes;
    }
}
