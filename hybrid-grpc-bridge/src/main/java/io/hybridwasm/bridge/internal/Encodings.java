package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;

import java.util.EnumMap;
import java.util.Map;

/**
 * Translates between the API's {@link PayloadEncoding} and the wire's {@link Encoding}, by name
 * ({@code RAW} is {@code ENCODING_RAW}), matched once into tables (every call translates twice).
 * Stateless and thread-safe.
 */
public final class Encodings {
    private static final String PREFIX = "ENCODING_";
    private static final Map<PayloadEncoding, Encoding> TO_PROTO = new EnumMap<>(PayloadEncoding.class);
    private static final Map<Encoding, PayloadEncoding> FROM_PROTO = new EnumMap<>(Encoding.class);

    static {
        for (PayloadEncoding encoding : PayloadEncoding.values()) {
            Encoding wire = Encoding.valueOf(PREFIX + encoding.name());
            TO_PROTO.put(encoding, wire);
            FROM_PROTO.put(wire, encoding);
        }
    }

    private Encodings() {
    }

    public static Encoding toProto(PayloadEncoding encoding) {
        return TO_PROTO.get(encoding);
    }

    /** {@code UNSPECIFIED} and values newer than this build read as {@link PayloadEncoding#RAW}: opaque bytes. */
    public static PayloadEncoding fromProto(Encoding encoding) {
        return FROM_PROTO.getOrDefault(encoding, PayloadEncoding.RAW);
    }
}
