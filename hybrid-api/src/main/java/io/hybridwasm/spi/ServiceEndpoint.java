package io.hybridwasm.spi;

import io.hybridwasm.PayloadEncoding;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to call one remote service, as a {@link RemoteServiceResolver} answers it.
 *
 * @param service    the logical service name the guest asked for
 * @param target     gRPC target string, e.g. {@code 127.0.0.1:50051}, {@code dns:///vad.default.svc:50051},
 *                   {@code static:///10.0.0.1:50051,10.0.0.2:50051}
 * @param nodeType   implementation type the caller expects; empty accepts whatever the server hosts
 * @param encoding   how to label the payload; empty lets the caller ask the server what the service accepts
 * @param idempotent safe to retry on {@code UNAVAILABLE}
 * @param cacheable  results depend only on the input, so they may be cached
 */
public record ServiceEndpoint(String service, String target, String nodeType, Optional<PayloadEncoding> encoding,
                              boolean idempotent, boolean cacheable) {

    public ServiceEndpoint {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(nodeType, "nodeType");
        Objects.requireNonNull(encoding, "encoding");
        if (target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank (service " + service + ")");
        }
    }

    /** An endpoint with no expectations beyond its address. */
    public static ServiceEndpoint of(String service, String target) {
        return new ServiceEndpoint(service, target, "", Optional.empty(), false, false);
    }
}
