package io.hybridwasm.examples.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A named chain of {@link Stage}s that chunks pass through in order; the Java form of the
 * seed's {@code Pipeline}. Close it (try-with-resources) to close every stage, last first.
 *
 * <p>{@link #process(Iterable, Consumer)} keeps up to {@code maxInFlight} chunks in flight at
 * once: chunk <i>n</i>+1 enters the first stage while chunk <i>n</i> is still in a later one, and
 * a {@link WasmStage} runs as many chunks at once as its node has instances. Results reach the
 * sink in input order, on the caller's thread. Stages must therefore tolerate concurrent calls;
 * the pipeline itself is driven from one thread (not thread-safe).
 */
public final class Pipeline implements AutoCloseable {
    /** Chunks in flight by default: enough to keep a few nodes of four instances busy. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private final String name;
    private final int maxInFlight;
    private final List<Stage> stages = new ArrayList<>();
    private boolean closed;

    public Pipeline(String name) {
        this(name, DEFAULT_MAX_IN_FLIGHT);
    }

    /** @param maxInFlight most chunks started but not yet handed to the sink; 1 is sequential */
    public Pipeline(String name, int maxInFlight) {
        this.name = Objects.requireNonNull(name, "name");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
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

    public int maxInFlight() {
        return maxInFlight;
    }

    /** Runs one chunk through every stage and waits for the result. */
    public Chunk process(Chunk chunk) {
        return join(processAsync(chunk));
    }

    /**
     * Starts one chunk through every stage, each stage starting when the previous one has
     * finished; the future fails with the first stage failure.
     */
    public CompletableFuture<Chunk> processAsync(Chunk chunk) {
        checkOpen();
        CompletableFuture<Chunk> current = CompletableFuture.completedFuture(Objects.requireNonNull(chunk, "chunk"));
        for (Stage stage : stages) {
            current = current.thenCompose(stage::applyAsync);
        }
        return current;
    }

    /**
     * Runs every chunk through the pipeline with up to {@link #maxInFlight()} in flight, and
     * hands the results to {@code sink} in input order on this thread. When a chunk fails, the
     * chunks before it have reached the sink, those after it are dropped, and its failure is
     * thrown.
     */
    public void process(Iterable<Chunk> chunks, Consumer<Chunk> sink) {
        Deque<CompletableFuture<Chunk>> inFlight = new ArrayDeque<>();
        try {
            for (Chunk chunk : chunks) {
                if (inFlight.size() == maxInFlight) {
                    sink.accept(join(inFlight.poll()));
                }
                inFlight.add(processAsync(chunk));
            }
            while (!inFlight.isEmpty()) {
                sink.accept(join(inFlight.poll()));
            }
        } finally {
            inFlight.forEach(dropped -> dropped.cancel(true));
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

    private static Chunk join(CompletableFuture<Chunk> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("pipeline " + name + " is closed");
        }
    }
}
