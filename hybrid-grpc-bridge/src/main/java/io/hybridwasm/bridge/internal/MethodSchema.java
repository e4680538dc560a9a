package io.hybridwasm.bridge.internal;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a call of one gRPC method needs: gRPC's {@link MethodDescriptor} (its real name and kind,
 * so the channel's service config applies to it) over serialized bytes, and the transcoding of
 * the caller's JSON to the request message and of the response back to proto3 JSON, done by
 * {@code protobuf-java-util}'s {@link JsonFormat} on {@link DynamicMessage}s. Immutable and
 * thread-safe.
 */
public final class MethodSchema {
    private final Descriptors.MethodDescriptor descriptor;
    private final MethodDescriptor<byte[], byte[]> grpc;
    private final JsonFormat.Parser parser;
    private final JsonFormat.Printer printer;

    MethodSchema(Descriptors.MethodDescriptor descriptor, JsonFormat.TypeRegistry types) {
        this.descriptor = descriptor;
        this.grpc = MethodDescriptor.<byte[], byte[]>newBuilder(BytesMarshaller.INSTANCE, BytesMarshaller.INSTANCE)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(
                        descriptor.getService().getFullName(), descriptor.getName()))
                .setType(typeOf(descriptor))
                .build();
        this.parser = JsonFormat.parser().usingTypeRegistry(types);
        this.printer = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
    }

    /** The method as gRPC calls it. */
    public MethodDescriptor<byte[], byte[]> grpc() {
        return grpc;
    }

    public MethodDescriptor.MethodType type() {
        return grpc.getType();
    }

    /** Whether the client sends a stream of messages (client or bidirectional streaming). */
    public boolean clientStreams() {
        return descriptor.isClientStreaming();
    }

    /**
     * The request message to send: {@code data} itself when {@code raw}, else the JSON object in
     * {@code data} transcoded (empty data is the default message, {@code {}}).
     *
     * @throws RemoteCallException {@link HostStatus#INVALID_ARGUMENT} when the data is not UTF-8
     *                             JSON that fits the request type; the message says why (e.g. the
     *                             unknown field's name)
     */
    public byte[] request(byte[] data, boolean raw) {
        if (raw || data.length == 0) {
            return data;
        }
        String type = descriptor.getInputType().getFullName();
        String json = utf8(data);
        DynamicMessage.Builder message = DynamicMessage.newBuilder(descriptor.getInputType());
        try {
            parser.merge(json, message);
            return message.build().toByteArray();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // RuntimeException includes UninitializedMessageException: a proto2 required field missing.
            throw new RemoteCallException(HostStatus.INVALID_ARGUMENT, "request for " + fullName()
                    + " does not fit " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * The response as the caller reads it: {@code bytes} itself when {@code raw}, else proto3 JSON.
     *
     * @throws RemoteCallException {@link HostStatus#REMOTE_ERROR} when the server's answer is not a
     *                             valid message of the response type
     */
    public byte[] response(byte[] bytes, boolean raw) {
        if (raw) {
            return bytes;
        }
        try {
            return printer.print(DynamicMessage.parseFrom(descriptor.getOutputType(), bytes))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new RemoteCallException(HostStatus.REMOTE_ERROR, "the answer of " + fullName()
                    + " cannot be read as " + descriptor.getOutputType().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code data} decoded as strict UTF-8. The JDK's lenient decoding is much faster (intrinsic
     * for ASCII) but replaces malformed input with U+FFFD; so only text holding U+FFFD is decoded
     * again strictly, to tell a real U+FFFD from malformed bytes.
     */
    private String utf8(byte[] data) {
        String lenient = new String(data, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new RemoteCallException(HostStatus.INVALID_ARGUMENT, "request for " + fullName()
                    + " is not UTF-8 JSON (" + e.getMessage() + ")", e);
        }
    }

    /** {@code package.Service/Method}. */
    public String fullName() {
        return grpc.getFullMethodName();
    }

    private static MethodDescriptor.MethodType typeOf(Descriptors.MethodDescriptor method) {
        if (method.isClientStreaming()) {
            return method.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING
                    : MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING
                : MethodDescriptor.MethodType.UNARY;
    }
}
