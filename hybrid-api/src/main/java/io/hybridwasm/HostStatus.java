package io.hybridwasm;

import java.util.Optional;

/**
 * The status codes of guest ABI v1: what a host function returns to a WebAssembly guest, and
 * what a guest may return from its entry function. This enum is the one table; every failure
 * a guest can observe maps to exactly one of these.
 *
 * <p>See {@code docs/abi.md} for the full contract.
 */
public enum HostStatus {
    /** Success. */
    OK(0),
    /**
     * The transport failed: connection refused or reset, host not resolved, or a TLS handshake
     * that failed on this side (the server's certificate is not trusted).
     */
    NETWORK_ERROR(-1),
    /** No healthy endpoint; the server is overloaded or shutting down; a circuit is open. */
    SERVICE_UNAVAILABLE(-2),
    /**
     * The result does not fit; the length slot now holds the size needed. The result is kept,
     * so the same call with a larger buffer returns it without running the remote work again.
     */
    BUFFER_TOO_SMALL(-3),
    /** The service is not on this module's allowlist. */
    NOT_ALLOWED(-4),
    /** No resolver knows the service, or no schema knows the gRPC service or method called by name. */
    UNKNOWN_SERVICE(-5),
    /** The deadline passed. */
    TIMEOUT(-6),
    /** The remote side refused the credentials: the token, or the client certificate in the TLS handshake. */
    UNAUTHENTICATED(-7),
    /**
     * A pointer or length from the guest is outside its memory, a name is not UTF-8, or the data
     * of a gRPC method call does not fit the method's request type.
     */
    INVALID_ARGUMENT(-8),
    /** The remote service failed while processing. */
    REMOTE_ERROR(-9),
    /** The payload exceeds the configured maximum message size. */
    TOO_LARGE(-10),
    /**
     * The session the call carries is gone: expired, closed, or its server restarted or cannot be
     * reached. The host has forgotten it; the guest opens a new one ({@code get_remote_session})
     * and rebuilds its state.
     */
    SESSION_EXPIRED(-11);

    private static final HostStatus[] BY_NEGATED_CODE = values();

    private final int code;

    HostStatus(int code) {
        this.code = code;
    }

    /** The integer the guest sees. */
    public int code() {
        return code;
    }

    /** The status with this ABI code, or empty for a code ABI v1 does not define. */
    public static Optional<HostStatus> fromCode(int code) {
        int index = -code;
        return index >= 0 && index < BY_NEGATED_CODE.length
                ? Optional.of(BY_NEGATED_CODE[index])
                : Optional.empty();
    }
}
