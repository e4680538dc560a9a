package io.hybridwasm;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A loaded WebAssembly module and its entry function, ready to process inputs. Obtained from
 * {@link WasmRuntime#load(WasmConfig)}; close it with try-with-resources.
 *
 * <p>Thread-safe: concurrent calls run on separate instances of the module (at most
 * {@link WasmConfig#maxInstances()} at once), because a wasm instance is confined to one thread
 * at a time. State a guest keeps in its memory therefore lives per instance, not per node. An
 * instance that traps or times out is discarded; the node keeps serving with fresh ones.
 *
 * <p>{@link #process(byte[])} runs the guest on the calling thread and blocks it until the guest
 * returns, fails, or {@link WasmConfig#callTimeout()} passes. {@link #processAsync(byte[])}
 * returns at once and runs the guest on one of the node's own threads.
 */
public interface WasmNode extends AutoCloseable {

    /**
     * Copies {@code input} into guest memory, calls the entry function, and returns a copy of
     * its output.
     *
     * @throws GuestStatusException  the entry function returned a non-zero status
     * @throws TrapException         the guest trapped
     * @throws CallTimeoutException  the call took longer than the configured timeout
     * @throws HybridException       any other failure (input too large: {@link HostStatus#TOO_LARGE})
     * @throws IllegalStateException the node is closed
     */
    byte[] process(byte[] input);

    /**
     * Like {@link #process(byte[])}, reading the input's remaining bytes (its position is not
     * moved) and returning a new read-only buffer holding the output.
     */
    ByteBuffer process(ByteBuffer input);

    /**
     * Like {@link #process(byte[])}, without blocking the caller: the call is queued and run on
     * one of the node's threads, and the returned future completes with the output or with the
     * exception {@code process} would have thrown.
     *
     * <p><b>Threads.</b> Each node has at most {@link WasmConfig#maxInstances()} platform threads
     * of its own for asynchronous calls, started on demand and stopped when idle; a guest runs
     * on one of them, confined to its instance for the whole call, exactly as a synchronous call
     * is confined to its caller's thread. Stages chained with non-async methods
     * ({@code thenApply}, ...) run on that thread after the instance has been returned to the
     * pool, or on the caller's thread when the future is already complete; keep them short or
     * use the {@code ...Async} variants.
     *
     * <p><b>Bounds.</b> At most {@code maxInstances} calls run at once (asynchronous and
     * synchronous calls share the node's instances); a bounded number more (1 024 per node on
     * GraalWasm) wait in the node's queue, in order. A call beyond that is refused: its future fails
     * at once with a {@link HybridException} of status {@link HostStatus#SERVICE_UNAVAILABLE}.
     * The {@link WasmConfig#callTimeout()} counts from this method's call, queueing included, as
     * it counts waiting for an instance in {@code process}: a call whose time ran out in the queue
     * fails with a {@link CallTimeoutException} when its turn comes, without running.
     *
     * <p><b>Cancellation.</b> {@code cancel(true)} on the returned future (not on a stage derived
     * from it) removes a queued call without running it, and interrupts a running guest the way
     * a timeout does: the guest stops at its next loop back-edge or call, its instance is discarded
     * and the next call gets a fresh one. {@code cancel(false)} removes a queued call but lets a
     * running one finish (its output is dropped). The future completes as cancelled at once.
     *
     * <p>The input array is not copied until the call runs; do not modify it before the future
     * completes.
     *
     * @return a future of the output; it fails with {@link GuestStatusException},
     *         {@link TrapException}, {@link CallTimeoutException}, {@link HybridException} (input
     *         too large, queue full) or {@link IllegalStateException} (the node is closed, or was
     *         closed before the call ran)
     * @throws NullPointerException {@code input} is null
     */
    CompletableFuture<byte[]> processAsync(byte[] input);

    /** The configuration this node was loaded with. */
    WasmConfig config();

    /**
     * Releases every instance and stops the node's threads. Calls in progress finish or fail;
     * queued asynchronous calls fail with {@link IllegalStateException}; later calls fail.
     * Idempotent.
     */
    @Override
    void close();
}
