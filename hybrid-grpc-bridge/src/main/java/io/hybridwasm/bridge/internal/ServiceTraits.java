package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;

import java.util.Objects;

/**
 * What a server's {@code ListServices} declares about one service: the encoding it prefers and
 * whether calls may be retried or their results cached. Immutable.
 *
 * @param encoding   the first encoding it accepts; {@link PayloadEncoding#RAW} if it lists none
 * @param idempotent safe to retry
 * @param cacheable  results depend only on the input and config
 */
public record ServiceTraits(PayloadEncoding encoding, boolean idempotent, boolean cacheable) {
    /** A service the server did not list, or a listing that could not be fetched: no promises. */
    public static final ServiceTraits UNLISTED = new ServiceTraits(PayloadEncoding.RAW, false, false);

    public ServiceTraits {
        Objects.requireNonNull(encoding, "encoding");
    }
}
