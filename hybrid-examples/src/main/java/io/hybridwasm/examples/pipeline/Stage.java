package io.hybridwasm.examples.pipeline;

/**
 * One step of a {@link Pipeline}: turns a chunk into the next. The pipeline owns its stages and
 * closes them when it closes.
 */
public interface Stage extends AutoCloseable {

    String name();

    Chunk apply(Chunk chunk);

    @Override
    default void close() {
    }
}
