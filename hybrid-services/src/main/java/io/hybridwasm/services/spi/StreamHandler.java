package io.hybridwasm.services.spi;

import java.util.Optional;

/**
 * Consumes the chunks of one {@code Stream} call, as opened by
 * {@link HostedService#openStream}.
 *
 * <p><b>Threading.</b> The server calls a handler from one thread at a time (not always the
 * same thread), in chunk order, and requests the next chunk from the client only after
 * {@link #consume} returns: a slow handler slows the client down rather than making the
 * server buffer.
 */
@FunctionalInterface
public interface StreamHandler extends AutoCloseable {

    /**
     * Consumes one chunk.
     *
     * @param chunk the chunk's payload with the stream's config and session
     * @return the result to send back for this chunk, or empty to send only the count of
     *     chunks consumed
     * @throws ServiceException to end the stream with the matching status
     */
    Optional<ServiceResult> consume(ServiceCall chunk);

    /**
     * Called once when the client has sent its last chunk, before the server ends its side.
     * Defaults to empty.
     *
     * @return a final result to send, or empty
     */
    default Optional<ServiceResult> finish() {
        return Optional.empty();
    }

    /**
     * Releases what the handler holds. Called exactly once, after {@link #finish()}, after a
     * failure, or when the client cancels. Defaults to doing nothing.
     */
    @Override
    default void close() {
    }
}
