package io.hybridwasm.examples.pipeline;

import io.hybridwasm.WasmNode;

import java.util.Map;

/**
 * A stage that runs a chunk's bytes through a {@link WasmNode} and records how long it took
 * (metadata {@code <name>.micros}). Owns the node and closes it.
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
        byte[] out = node.process(chunk.data());
        long micros = (System.nanoTime() - start) / 1000;
        return chunk.with(out, Map.of(name + ".micros", Long.toString(micros)));
    }

    @Override
    public void close() {
        node.close();
    }
}
