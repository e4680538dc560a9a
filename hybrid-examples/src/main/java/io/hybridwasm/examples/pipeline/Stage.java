package io.hybridwasm.examples.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * One step of a {@link Pipeline}: turns a chunk into the next. The pipeline owns its stages and
 * closes them when it closes. A pipeline keeps several chunks in flight, so a stage may be
 * called from several threads at once.
 */
public interface Stage extends AutoCloseable {

    String name();

    Chunk apply(Chunk chunk);

    /**
     * Starts {@link #apply} and returns its result to come, so the pipeline can move on to the
     * next chunk. The default runs {@code apply} on the calling thread (the one that finished
     * the previous stage); a stage backed by something asynchronous, such as a
     * {@link io.hybridwasm.WasmNode}, overrides it.
     */
    default CompletableFuture<Chunk> applyAsync(Chunk chunk) {
        try {
            return CompletableFuture.completedFuture(apply(chunk));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    default void close() {
    }
}
