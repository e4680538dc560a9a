package io.hybridwasm.bridge.internal;

import io.hybridwasm.bridge.RemoteResult;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A result kept after {@code BUFFER_TOO_SMALL}, so the guest's retry with a bigger buffer gets
 * it without running the remote work again. Identified by the service and a SHA-256 digest of
 * the payload; the digest is computed only when a retry could match (same service, same
 * length), so ordinary calls pay nothing for it. Immutable.
 */
record PendingResult(String service, int payloadLength, byte[] payloadDigest, RemoteResult result) {

    static PendingResult keep(String service, byte[] payload, RemoteResult result) {
        return new PendingResult(service, payload.length, digest(payload), result);
    }

    /** Whether a call of {@code service} on {@code payload} is the retry of the call that produced this result. */
    boolean matches(String service, byte[] payload) {
        return this.service.equals(service) && payloadLength == payload.length
                && MessageDigest.isEqual(payloadDigest, digest(payload));
    }

    private static byte[] digest(byte[] payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
