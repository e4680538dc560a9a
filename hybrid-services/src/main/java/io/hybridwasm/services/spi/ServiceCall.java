package io.hybridwasm.services.spi;

import io.hybridwasm.PayloadEncoding;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a {@link HostedService}: the payload, how to read it, the caller's settings
 * and, when the caller opened one, its session.
 *
 * <p><b>Buffer ownership.</b> {@link #data()} is a read-only view of the received bytes, not
 * a copy, so that services such as {@code Echo} can hand the same bytes back without
 * copying them. Each call of {@code data()} returns a fresh view positioned at 0, so readers
 * never disturb one another. The bytes stay valid after the call returns. Whoever builds a
 * {@code ServiceCall} from a {@link ByteBuffer} must not modify its contents afterwards;
 * {@link #of(PayloadEncoding, byte[])} copies its array.
 *
 * @param encoding how to read {@code data}
 * @param data the payload, read-only
 * @param config caller-supplied settings (e.g. {@code "sample_rate" -> "16000"}), unmodifiable
 * @param session the caller's session state for this service, when the call carries a session
 * @param sampleRate for PCM payloads, samples per second as the caller stated it; 0 when unstated
 * @param channels for PCM payloads, the channel count as the caller stated it; 0 when unstated
 *     (which means 1)
 * @param cancellation tells whether the caller still wants the answer
 */
public record ServiceCall(
        PayloadEncoding encoding,
        ByteBuffer data,
        Map<String, String> config,
        Optional<ServiceSession> session,
        int sampleRate,
        int channels,
        Cancellation cancellation) {

    /** Validates the fields and makes {@code data} and {@code config} read-only. */
    public ServiceCall {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
        data = data.slice().asReadOnlyBuffer();
        config = Map.copyOf(Objects.requireNonNull(config, "config"));
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(cancellation, "cancellation");
        if (sampleRate < 0) {
            throw new IllegalArgumentException("sampleRate must be >= 0, was " + sampleRate);
        }
        if (channels < 0) {
            throw new IllegalArgumentException("channels must be >= 0, was " + channels);
        }
    }

    /**
     * A call without config, session or audio format, that is never cancelled; mainly for
     * tests. Copies {@code data}.
     */
    public static ServiceCall of(PayloadEncoding encoding, byte[] data) {
        return new ServiceCall(encoding, ByteBuffer.wrap(data.clone()), Map.of(), Optional.empty(),
                0, 0, Cancellation.NEVER);
    }

    /** A fresh read-only view of the payload, positioned at 0. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /** A copy of the payload as an array. */
    public byte[] bytes() {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    /** The payload's length in bytes. */
    public int size() {
        return data.remaining();
    }

    /** The config value for {@code key}, if the caller set one. */
    public Optional<String> config(String key) {
        return Optional.ofNullable(config.get(key));
    }

    /**
     * The config value for {@code key} as a decimal integer, or {@code defaultValue} when
     * unset.
     *
     * @throws ServiceException of kind INVALID_ARGUMENT, naming the key and value, when the
     *     value is not an integer
     */
    public long longConfig(String key, long defaultValue) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ServiceException.invalidArgument(
                    "config '" + key + "' must be an integer, was '" + value + "'");
        }
    }

    /**
     * The config value for {@code key} as a decimal number, or {@code defaultValue} when
     * unset.
     *
     * @throws ServiceException of kind INVALID_ARGUMENT, naming the key and value, when the
     *     value is not a finite number
     */
    public double doubleConfig(String key, double defaultValue) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ServiceException.invalidArgument(
                "config '" + key + "' must be a number, was '" + value + "'");
    }

    /** This call with other settings. */
    public ServiceCall withConfig(Map<String, String> newConfig) {
        return new ServiceCall(encoding, data, newConfig, session, sampleRate, channels, cancellation);
    }

    /** This call bound to {@code newSession}. */
    public ServiceCall withSession(ServiceSession newSession) {
        return new ServiceCall(encoding, data, config, Optional.of(newSession), sampleRate, channels,
                cancellation);
    }

    /** This call with another payload; the config, session and cancellation stay. */
    public ServiceCall withPayload(PayloadEncoding newEncoding, ByteBuffer newData, int newSampleRate,
            int newChannels) {
        return new ServiceCall(newEncoding, newData, config, session, newSampleRate, newChannels,
                cancellation);
    }

    /** This call observing {@code newCancellation}. */
    public ServiceCall withCancellation(Cancellation newCancellation) {
        return new ServiceCall(encoding, data, config, session, sampleRate, channels, newCancellation);
    }
}
