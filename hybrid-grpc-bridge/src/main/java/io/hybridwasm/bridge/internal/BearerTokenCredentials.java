package io.hybridwasm.bridge.internal;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Presents {@code authorization: Bearer <token>} on every call. The token never appears in
 * {@link #toString()} or in any log line. Immutable and thread-safe.
 */
final class BearerTokenCredentials extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String headerValue;

    BearerTokenCredentials(String token) {
        this.headerValue = "Bearer " + Objects.requireNonNull(token, "token");
    }

    /** Runs on the transport thread; only copies a constant into the headers, never blocks. */
    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, headerValue);
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "BearerTokenCredentials[<redacted>]";
    }
}
