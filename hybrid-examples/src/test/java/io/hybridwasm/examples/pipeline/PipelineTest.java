package io.hybridwasm.examples.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ordering and the in-flight bound, with stages that finish chunks in an order of the test's choosing. */
class PipelineTest {

    @Test
    void chunksFinishingInReverseReachTheSinkInInputOrderWithAtMostMaxInFlightStarted() {
        int maxInFlight = 4;
        ReversingStage reversing = new ReversingStage(maxInFlight);
        List<String> finished = new CopyOnWriteArrayList<>();
        List<String> delivered = new ArrayList<>();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (Pipeline pipeline = new Pipeline("test", maxInFlight)
                .add(reversing)
                .add(new NamedStage("record", chunk -> {
                    finished.add(chunk.meta("chunk_id"));
                    return chunk;
                }))) {
            pipeline.process(chunks(4 * maxInFlight), chunk -> {
                mostInFlight.accumulateAndGet(reversing.entered.get() - delivered.size(), Math::max);
                delivered.add(chunk.meta("chunk_id"));
            });
        }
        List<String> inputOrder = IntStream.range(0, 4 * maxInFlight).mapToObj(Integer::toString).toList();
        assertNotEquals(inputOrder, finished, "the stage finished chunks out of order");
        assertEquals(inputOrder, finished.stream().sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList());
        assertEquals(inputOrder, delivered);
        assertEquals(maxInFlight, mostInFlight.get(), "maxInFlight chunks were in flight at once, never more");
    }

    @Test
    void aFailingChunkIsThrownAfterTheChunksBeforeItReachedTheSink() {
        IllegalStateException broken = new IllegalStateException("chunk 5 is broken");
        List<String> delivered = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline("test", 3).add(new NamedStage("fail-on-5", chunk -> {
            if (chunk.meta("chunk_id").equals("5")) {
                throw broken;
            }
            return chunk;
        }))) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> pipeline.process(chunks(10), chunk -> delivered.add(chunk.meta("chunk_id"))));
            assertSame(broken, thrown);
        }
        assertEquals(List.of("0", "1", "2", "3", "4"), delivered);
    }

    @Test
    void maxInFlightBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pipeline("test", 0));
        assertEquals("maxInFlight must be at least 1, was 0", e.getMessage());
    }

    private static List<Chunk> chunks(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Chunk(new byte[] {(byte) i}, Map.of("chunk_id", Integer.toString(i))))
                .toList();
    }

    private record NamedStage(String name, java.util.function.UnaryOperator<Chunk> body) implements Stage {
        @Override
        public Chunk apply(Chunk chunk) {
            return body.apply(chunk);
        }
    }

    /** Holds chunks until {@code batch} have entered, then finishes them last first. */
    private static final class ReversingStage implements Stage {
        final AtomicInteger entered = new AtomicInteger();
        private final int batch;
        private final List<CompletableFuture<Chunk>> held = new ArrayList<>();
        private final List<Chunk> heldChunks = new ArrayList<>();

        ReversingStage(int batch) {
            this.batch = batch;
        }

        @Override
        public String name() {
            return "reversing";
        }

        @Override
        public Chunk apply(Chunk chunk) {
            throw new UnsupportedOperationException("only applyAsync");
        }

        @Override
        public synchronized CompletableFuture<Chunk> applyAsync(Chunk chunk) {
            entered.incrementAndGet();
            CompletableFuture<Chunk> result = new CompletableFuture<>();
            held.add(result);
            heldChunks.add(chunk);
            if (held.size() == batch) {
                for (int i = batch - 1; i >= 0; i--) {
                    held.get(i).complete(heldChunks.get(i));
                }
                held.clear();
                heldChunks.clear();
            }
            return result;
        }
    }
}
