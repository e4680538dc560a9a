package io.hybridwasm.examples.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of data flowing through a {@link Pipeline}, with its metadata ({@code chunk_id},
 * {@code session_id}, and whatever stages add). Immutable: stages return new chunks.
 */
public record Chunk(byte[] data, Map<String, String> metadata) {

    public Chunk {
        Objects.requireNonNull(data, "data");
        metadata = Map.copyOf(metadata);
    }

    /** A copy with {@code data} replaced and {@code extra} merged into the metadata. */
    public Chunk with(byte[] newData, Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(metadata);
        merged.putAll(extra);
        return new Chunk(newData, merged);
    }

    public String meta(String key) {
        return metadata.getOrDefault(key, "");
    }
}
