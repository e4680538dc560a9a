package io.hybridwasm.examples.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A named chain of {@link Stage}s that chunks pass through in order; the Java form of the
 * seed's {@code Pipeline}. Close it (try-with-resources) to close every stage, last first.
 *
 * <p>Processing is sequential on the caller's thread; a pipeline is not thread-safe.
 */
public final class Pipeline implements AutoCloseable {
    private final String name;
    private final List<Stage> stages = new ArrayList<>();
    private boolean closed;

    public Pipeline(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** Appends a stage; the pipeline now owns it. */
    public Pipeline add(Stage stage) {
        checkOpen();
        stages.add(Objects.requireNonNull(stage, "stage"));
        return this;
    }

    /** Runs one chunk through every stage. */
    public Chunk process(Chunk chunk) {
        checkOpen();
        Chunk current = chunk;
        for (Stage stage : stages) {
            current = stage.apply(current);
        }
        return current;
    }

    /** Runs each chunk through the pipeline in order, handing each result to {@code sink}. */
    public void process(Iterable<Chunk> chunks, Consumer<Chunk> sink) {
        for (Chunk chunk : chunks) {
            sink.accept(process(chunk));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (int i = stages.size() - 1; i >= 0; i--) {
            try {
                stages.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline " + name + " is closed");
        }
    }
}
