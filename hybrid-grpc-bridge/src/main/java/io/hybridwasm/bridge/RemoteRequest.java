package io.hybridwasm.bridge;

import io.hybridwasm.PayloadEncoding;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One unary remote call, for {@link RemoteExecutionClient#call(RemoteRequest)}. Build with
 * {@link #builder(String, byte[])}.
 *
 * <p>Buffer ownership: {@code payload} is not copied; it is read while the call runs, so the
 * caller must not modify it until {@code call} returns.
 *
 * @param service   logical service name
 * @param payload   the input bytes
 * @param encoding  how to label the payload; empty lets the endpoint or the server decide
 *                  (see {@link RemoteExecutionClient#call(RemoteRequest)})
 * @param config    service-specific settings, e.g. {@code "threshold" -> "0.5"}; immutable
 * @param sessionId a session from {@link RemoteExecutionClient#openSession(String)}; empty for a stateless call
 * @param deadline  when the caller needs the answer by; the call ends at the earlier of this and
 *                  the configured per-call deadline
 */
public record RemoteRequest(String service, byte[] payload, Optional<PayloadEncoding> encoding,
                            Map<String, String> config, Optional<String> sessionId, Optional<Instant> deadline) {

    public RemoteRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(encoding, "encoding");
        config = Map.copyOf(config);
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(deadline, "deadline");
        if (service.isBlank()) {
            throw new IllegalArgumentException("service must not be blank");
        }
    }

    /** A request for {@code service} on {@code payload}, everything else defaulted. */
    public static Builder builder(String service, byte[] payload) {
        return new Builder(service, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteRequest r && service.equals(r.service) && java.util.Arrays.equals(payload, r.payload)
                && encoding.equals(r.encoding) && config.equals(r.config) && sessionId.equals(r.sessionId)
                && deadline.equals(r.deadline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, java.util.Arrays.hashCode(payload), encoding, config, sessionId, deadline);
    }

    @Override
    public String toString() {
        return "RemoteRequest[" + service + ", " + payload.length + " bytes, encoding=" + encoding
                + ", config=" + config + ", session=" + sessionId.orElse("<none>") + ", deadline=" + deadline + "]";
    }

    /** Builder for {@link RemoteRequest}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String service;
        private final byte[] payload;
        private Optional<PayloadEncoding> encoding = Optional.empty();
        private Map<String, String> config = Map.of();
        private Optional<String> sessionId = Optional.empty();
        private Optional<Instant> deadline = Optional.empty();

        private Builder(String service, byte[] payload) {
            this.service = service;
            this.payload = payload;
        }

        public Builder encoding(PayloadEncoding encoding) {
            this.encoding = Optional.of(encoding);
            return this;
        }

        public Builder config(Map<String, String> config) {
            this.config = config;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = Optional.of(sessionId);
            return this;
        }

        /** Sets or clears the session. */
        public Builder sessionId(Optional<String> sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder deadline(Instant deadline) {
            this.deadline = Optional.of(deadline);
            return this;
        }

        public RemoteRequest build() {
            return new RemoteRequest(service, payload, encoding, config, sessionId, deadline);
        }
    }
}
