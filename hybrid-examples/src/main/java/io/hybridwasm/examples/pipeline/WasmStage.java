package io.hybridwasm.examples.pipeline;

import io.hybridwasm.WasmNode;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A stage that runs a chunk's bytes through a {@link WasmNode} and records how long it took,
 * waiting for a free instance included (metadata {@code <name>.micros}). In a pipeline the
 * chunks go through {@link WasmNode#processAsync}, so up to the node's {@code maxInstances}
 * run at once. Owns the node and closes it.
 */
public final class WasmStage implements Stage {
    private final String name;
    private final WasmNode node;

    public WasmStage(String name, WasmNode node) {
        this.name = name;
        this.node = node;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Chunk apply(Chunk chunk) {
        long start = System.nanoTime();
        return timed(chunk, node.process(chunk.data()), start);
    }

    @Override
    public CompletableFuture<Chunk> applyAsync(Chunk chunk) {
        long start = System.nanoTime();
        return node.processAsync(chunk.data()).thenApply(out -> timed(chunk, out, start));
    }

    @Override
    public void close() {
        node.close();
    }

    private Chunk timed(Chunk chunk, byte[] out, long start) {
        long micros = (System.nanoTime() - start) / 1000;
        return chunk.with(out, Map.of(name + ".micros", Long.toString(micros)));
    }
}
