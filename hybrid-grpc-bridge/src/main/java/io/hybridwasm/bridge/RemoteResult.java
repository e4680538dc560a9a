package io.hybridwasm.bridge;

import io.hybridwasm.PayloadEncoding;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a remote service answered: its output bytes, how to read them, and the facts the service
 * reported about the call (e.g. {@code "frames" -> "50"}).
 *
 * <p>Buffer ownership: {@code bytes} is not copied, neither here nor by {@link #bytes()}, since
 * results can be megabytes; the result owns the array and nobody may modify it. Equality
 * compares contents.
 *
 * @param bytes    the service's output
 * @param encoding how the service says {@code bytes} are to be read
 * @param metadata service-reported facts; immutable
 */
public record RemoteResult(byte[] bytes, PayloadEncoding encoding, Map<String, String> metadata) {

    public RemoteResult {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(encoding, "encoding");
        metadata = Map.copyOf(metadata);
    }

    /** Number of output bytes. */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteResult other && Arrays.equals(bytes, other.bytes)
                && encoding == other.encoding && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), encoding, metadata);
    }

    @Override
    public String toString() {
        return "RemoteResult[" + bytes.length + " bytes, " + encoding + ", metadata=" + metadata + "]";
    }
}
