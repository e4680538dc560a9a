package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.time.Instant;

/**
 * An open gRPC stream feeding payloads to one remote service, from
 * {@link RemoteExecutionClient#openStream}. Sends honour gRPC flow control: a send waits until
 * the transport can take the message, so a slow consumer slows the producer down instead of
 * making the client queue without bound.
 *
 * <p>Thread-safe, but sends are serialized: one producer at a time. A failure of the stream
 * (the server ended it with an error, the connection broke) is reported by the next
 * {@code send} or by {@code close}; after that the stream stays failed and a new one must be
 * opened.
 */
public interface RemoteStream extends AutoCloseable {

    /** The service this stream feeds. */
    String service();

    /**
     * Sends one chunk, waiting for flow control at most the configured per-call deadline. The
     * chunk is copied, so the caller may reuse its buffer as soon as this returns.
     *
     * @throws RemoteCallException {@link HostStatus#TIMEOUT} when the transport could not take the
     *                             chunk in time (the stream stays usable); {@link HostStatus#TOO_LARGE}
     *                             for a chunk over the maximum message size; otherwise the mapped
     *                             status of the stream's failure
     */
    void send(byte[] chunk);

    /** {@link #send(byte[])}, waiting at most until the earlier of {@code deadline} and the per-call deadline. */
    void send(byte[] chunk, Instant deadline);

    /** Whether sends can still succeed: false once the stream failed, the server ended it, or it was closed. */
    boolean isOpen();

    /** Chunks handed to the transport so far. */
    long chunksSent();

    /** Chunks the service reported consumed, as of its latest response. */
    long chunksConsumed();

    /**
     * Half-closes the stream (no more chunks) and waits, at most the per-call deadline, for the
     * server to finish its side, so nothing sent is lost. Idempotent.
     *
     * @throws RemoteCallException the stream had failed, or the server did not finish in time
     *                             ({@link HostStatus#TIMEOUT}; the stream is cancelled)
     */
    @Override
    void close();
}
