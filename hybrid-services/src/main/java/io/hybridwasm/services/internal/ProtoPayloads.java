package io.hybridwasm.services.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.services.spi.Cancellation;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between protocol messages and SPI values without copying payload bytes: the
 * service reads a read-only view of the received message, and the reply wraps the
 * service's (read-only) result buffer.
 */
final class ProtoPayloads {

    private ProtoPayloads() {
    }

    /**
     * The SPI encoding for a wire encoding. {@code ENCODING_UNSPECIFIED} (a client that set
     * nothing) is read as {@code RAW}, the reading that assumes the least.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a value this server does not know
     */
    static PayloadEncoding encoding(Encoding wire) {
        return switch (wire) {
            case ENCODING_UNSPECIFIED, ENCODING_RAW -> PayloadEncoding.RAW;
            case ENCODING_JSON_UTF8 -> PayloadEncoding.JSON_UTF8;
            case ENCODING_PCM_F32LE -> PayloadEncoding.PCM_F32LE;
            case ENCODING_PCM_S16LE -> PayloadEncoding.PCM_S16LE;
            case ENCODING_PROTOBUF -> PayloadEncoding.PROTOBUF;
            case UNRECOGNIZED -> throw Status.INVALID_ARGUMENT
                    .withDescription("unknown payload encoding").asRuntimeException();
        };
    }

    /** The wire encoding for an SPI encoding. */
    static Encoding encoding(PayloadEncoding encoding) {
        return switch (encoding) {
            case RAW -> Encoding.ENCODING_RAW;
            case JSON_UTF8 -> Encoding.ENCODING_JSON_UTF8;
            case PCM_F32LE -> Encoding.ENCODING_PCM_F32LE;
            case PCM_S16LE -> Encoding.ENCODING_PCM_S16LE;
            case PROTOBUF -> Encoding.ENCODING_PROTOBUF;
        };
    }

    /** A call carrying {@code payload}. */
    static ServiceCall call(Payload payload, Map<String, String> config,
            Optional<ServiceSession> session, Cancellation cancellation) {
        return new ServiceCall(encoding(payload.getEncoding()), payload.getData().asReadOnlyByteBuffer(),
                config, session, payload.getSampleRate(), payload.getChannels(), cancellation);
    }

    /** {@code base} with {@code payload}'s bytes and format. */
    static ServiceCall chunk(ServiceCall base, Payload payload) {
        return base.withPayload(encoding(payload.getEncoding()), payload.getData().asReadOnlyByteBuffer(),
                payload.getSampleRate(), payload.getChannels());
    }

    /** The wire payload of a result; wraps, does not copy, its bytes. */
    static Payload payload(ServiceResult result) {
        return Payload.newBuilder()
                .setEncoding(encoding(result.encoding()))
                .setData(UnsafeByteOperations.unsafeWrap(result.data()))
                .build();
    }
}
