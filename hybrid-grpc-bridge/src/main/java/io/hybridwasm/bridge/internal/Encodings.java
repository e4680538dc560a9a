package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;

/**
 * Translates between the API's {@link PayloadEncoding} and the wire's {@link Encoding}, by name
 * ({@code RAW} is {@code ENCODING_RAW}). Stateless and thread-safe.
 */
public final class Encodings {
    private static final String PREFIX = "ENCODING_";

    private Encodings() {
    }

    public static Encoding toProto(PayloadEncoding encoding) {
        return Encoding.valueOf(PREFIX + encoding.name());
    }

    /** {@code UNSPECIFIED} and values newer than this build read as {@link PayloadEncoding#RAW}: opaque bytes. */
    public static PayloadEncoding fromProto(Encoding encoding) {
        if (encoding == Encoding.ENCODING_UNSPECIFIED || encoding == Encoding.UNRECOGNIZED) {
            return PayloadEncoding.RAW;
        }
        try {
            return PayloadEncoding.valueOf(encoding.name().substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return PayloadEncoding.RAW;
        }
    }
}
