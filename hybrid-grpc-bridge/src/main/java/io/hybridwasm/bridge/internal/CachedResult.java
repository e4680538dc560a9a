package io.hybridwasm.bridge.internal;

import com.google.protobuf.ByteString;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.bridge.RemoteResult;

import java.util.Map;

/**
 * A result as the {@link ResultCache} keeps it: immutable, since one entry answers many callers.
 * Each caller gets a {@link RemoteResult} over a fresh copy of the bytes, so what one caller does
 * with its array never reaches another.
 *
 * @param bytes    the service's output, as received (protobuf's immutable {@link ByteString})
 * @param encoding how the service says the bytes are to be read
 * @param metadata service-reported facts; immutable
 */
record CachedResult(ByteString bytes, PayloadEncoding encoding, Map<String, String> metadata) {

    CachedResult {
        metadata = Map.copyOf(metadata);
    }

    /** A result of its own for one caller. */
    RemoteResult toResult() {
        return new RemoteResult(bytes.toByteArray(), encoding, metadata);
    }

    /** The bytes held, for weighing. */
    int size() {
        return bytes.size();
    }
}
