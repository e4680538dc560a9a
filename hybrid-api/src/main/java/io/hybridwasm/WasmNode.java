package io.hybridwasm;

import java.nio.ByteBuffer;

/**
 * A loaded WebAssembly module and its entry function, ready to process inputs. Obtained from
 * {@link WasmRuntime#load(WasmConfig)}; close it with try-with-resources.
 *
 * <p>Thread-safe: concurrent calls run on separate instances of the module (at most
 * {@link WasmConfig#maxInstances()} at once), because a wasm instance is confined to one thread
 * at a time. State a guest keeps in its memory therefore lives per instance, not per node. An
 * instance that traps or times out is discarded; the node keeps serving with fresh ones.
 *
 * <p>Each call blocks the calling thread until the guest returns, fails, or
 * {@link WasmConfig#callTimeout()} passes.
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

    /** The configuration this node was loaded with. */
    WasmConfig config();

    /** Releases every instance. Calls in progress finish or fail; later calls fail. Idempotent. */
    @Override
    void close();
}
