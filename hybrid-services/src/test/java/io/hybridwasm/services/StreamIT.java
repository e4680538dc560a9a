package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import io.hybridwasm.services.testing.StreamCollector;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.TestSignals;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bidirectional Stream call over a real channel. */
class StreamIT {

    private static final int CHUNKS = 50;
    private static final int CHUNK_BYTES = 64 * 1024;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static StreamRequest chunk(int index) {
        byte[] data = new byte[CHUNK_BYTES];
        data[0] = (byte) index;
        data[CHUNK_BYTES - 1] = (byte) ~index;
        return StreamRequest.newBuilder().setChunk(Payload.newBuilder()
                .setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(data))).build();
    }

    @Test
    void aClientSendingFasterThanTheServerConsumesGetsEveryChunkInOrder() throws Exception {
        long chunksBefore = server.server().stats().streamChunks("Sleep");
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        collector.requests.onNext(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
                .setService("Sleep").putConfig("millis", "3")).build());
        // Push all 50 chunks (3.2 MiB) at once, ignoring isReady(): the server consumes one
        // chunk per ~3 ms and asks for the next only then, so HTTP/2 flow control holds the
        // rest back on the client side.
        boolean sawBackpressure = false;
        for (int i = 0; i < CHUNKS; i++) {
            collector.requests.onNext(chunk(i));
            sawBackpressure |= !collector.requests.isReady();
        }
        collector.requests.onCompleted();

        assertNull(collector.done.get(30, TimeUnit.SECONDS));
        assertTrue(sawBackpressure, "the transport never pushed back on a 3.2 MiB burst");
        assertEquals(LongStream.rangeClosed(1, CHUNKS).boxed().toList(),
                collector.responses.stream().map(StreamResponse::getChunksConsumed).toList());
        for (int i = 0; i < CHUNKS; i++) {
            ByteString echoed = collector.responses.get(i).getOutput().getData();
            assertEquals(CHUNK_BYTES, echoed.size());
            assertEquals((byte) i, echoed.byteAt(0), "chunk " + i + " out of order");
            assertEquals((byte) ~i, echoed.byteAt(CHUNK_BYTES - 1));
        }
        assertEquals(chunksBefore + CHUNKS, server.server().stats().streamChunks("Sleep"));
        assertTrue(server.server().stats().streamBytes("Sleep") >= (long) CHUNKS * CHUNK_BYTES);
    }

    @Test
    void echoStreamReportsChunksAndBytesInTheStats() throws Exception {
        ServiceStats stats = server.server().stats();
        long chunks = stats.streamChunks("Echo");
        long bytes = stats.streamBytes("Echo");
        long opened = stats.streamsOpened("Echo");
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        collector.requests.onNext(StreamRequest.newBuilder()
                .setOpen(StreamOpen.newBuilder().setService("Echo")).build());
        for (int i = 0; i < 3; i++) {
            collector.requests.onNext(StreamRequest.newBuilder().setChunk(Payload.newBuilder()
                    .setEncoding(Encoding.ENCODING_JSON_UTF8).setData(ByteString.copyFromUtf8("[" + i + "]"))).build());
        }
        collector.requests.onCompleted();
        assertNull(collector.done.get(10, TimeUnit.SECONDS));
        assertEquals(3, collector.responses.size());
        assertEquals("[2]", collector.responses.get(2).getOutput().getData().toStringUtf8());
        assertEquals(Encoding.ENCODING_JSON_UTF8, collector.responses.get(2).getOutput().getEncoding());
        assertEquals(chunks + 3, stats.streamChunks("Echo"));
        assertEquals(bytes + 9, stats.streamBytes("Echo"));
        assertEquals(opened + 1, stats.streamsOpened("Echo"));
    }

    @Test
    void aStreamThatDoesNotStartWithOpenIsAnInvalidArgument() throws Exception {
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        collector.requests.onNext(chunk(0));
        Throwable failure = collector.done.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(failure).getCode());
        assertTrue(collector.responses.isEmpty());
    }

    @Test
    void aStreamToAnUnknownSessionIsNotFound() throws Exception {
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        collector.requests.onNext(StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
                .setService("Echo").setSessionId("no-such-session")).build());
        assertEquals(Status.Code.NOT_FOUND,
                Status.fromThrowable(collector.done.get(10, TimeUnit.SECONDS)).getCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VoiceActivityDetector", "DspVoiceActivityDetector"})
    void theVadsAnswerEveryStreamedChunk(String vad) throws Exception {
        StreamCollector collector = new StreamCollector();
        server.async().stream(collector);
        collector.requests.onNext(StreamRequest.newBuilder()
                .setOpen(StreamOpen.newBuilder().setService(vad)).build());
        byte[] pcm = TestSignals.f32le(TestSignals.speechLike());
        for (int i = 0; i < 4; i++) {
            collector.requests.onNext(StreamRequest.newBuilder().setChunk(Payload.newBuilder()
                    .setEncoding(Encoding.ENCODING_PCM_F32LE)
                    .setData(ByteString.copyFrom(pcm, i * 16_000, 16_000))).build());
        }
        collector.requests.onCompleted();
        assertNull(collector.done.get(10, TimeUnit.SECONDS));
        assertEquals(4, collector.responses.size());
        // The first 0.25 s opens on a syllable rising from silence: Silero, without context yet, may doubt it.
        int sure = vad.equals("DspVoiceActivityDetector") ? 0 : 1;
        for (StreamResponse r : collector.responses.subList(sure, 4)) {
            assertTrue(r.getOutput().getData().toStringUtf8().startsWith("{\"is_speech\":true"), vad);
        }
        assertArrayEquals(new long[] {1, 2, 3, 4},
                collector.responses.stream().mapToLong(StreamResponse::getChunksConsumed).toArray());
    }
}
