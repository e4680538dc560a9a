package io.hybridwasm.spi;

import java.time.Instant;

/**
 * One invocation of a host function: the caller's memory and context, and when the guest call
 * that led to it must end. Valid only during the invocation, on its thread.
 */
public interface HostCall {

    /** The calling instance's linear memory. */
    GuestMemory memory();

    /** The calling instance. */
    HostContext context();

    /** When the enclosing {@code WasmNode.process} call times out; blocking work should end before. */
    Instant deadline();
}
