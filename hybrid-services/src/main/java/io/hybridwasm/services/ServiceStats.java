package io.hybridwasm.services;

/**
 * Counters a running {@link HybridServer} keeps, per service name, so operators and tests
 * can see what really reached the server (e.g. that every streamed chunk arrived).
 *
 * <p>Counts start at zero when the server is built and are never reset. Reads are
 * thread-safe and cheap; a value may lag a call that is completing concurrently. Unknown
 * service names read as zero.
 */
public interface ServiceStats {

    /** {@code Execute} calls that reached {@code service} (successful or not). */
    long executeCalls(String service);

    /** {@code Stream} calls opened on {@code service}. */
    long streamsOpened(String service);

    /** Chunks received on streams opened on {@code service}. */
    long streamChunks(String service);

    /** Payload bytes of the chunks counted by {@link #streamChunks(String)}. */
    long streamBytes(String service);

    /** {@code Execute} calls being processed right now, over all services. */
    int inFlightCalls();

    /** Sessions currently open (expired ones count until evicted). */
    int openSessions();
}
