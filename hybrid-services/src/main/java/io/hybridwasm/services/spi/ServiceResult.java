package io.hybridwasm.services.spi;

import io.hybridwasm.PayloadEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HostedService} answers: the output payload, how to read it, and facts about
 * the call the caller may find useful (e.g. {@code "frames" -> "50"}).
 *
 * <p><b>Buffer ownership.</b> The result keeps a read-only view of the bytes it is given and
 * does not copy them: by returning a result a service hands the bytes over and must not
 * modify them afterwards. The server sends them without copying. {@link #data()} returns a
 * fresh view positioned at 0 on every call.
 *
 * @param encoding how to read {@code data}
 * @param data the output, read-only
 * @param metadata service-reported facts, unmodifiable
 */
public record ServiceResult(PayloadEncoding encoding, ByteBuffer data, Map<String, String> metadata) {

    /** Validates the fields and makes {@code data} and {@code metadata} read-only. */
    public ServiceResult {
        Objects.requireNonNull(encoding, "encoding");
        data = Objects.requireNonNull(data, "data").slice().asReadOnlyBuffer();
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    /** A result holding {@code data}, which is not copied. */
    public static ServiceResult of(PayloadEncoding encoding, byte[] data) {
        return new ServiceResult(encoding, ByteBuffer.wrap(data), Map.of());
    }

    /** A UTF-8 JSON result; {@code json} must already be valid JSON text. */
    public static ServiceResult json(String json) {
        return of(PayloadEncoding.JSON_UTF8, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh read-only view of the output, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /** A copy of the output as an array. */
    public byte[] bytes() {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    /** The output decoded as UTF-8 text. */
    public String text() {
        return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
    }

    /** This result with {@code newMetadata} instead of its metadata. */
    public ServiceResult withMetadata(Map<String, String> newMetadata) {
        return new ServiceResult(encoding, data, newMetadata);
    }
}
