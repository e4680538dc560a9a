package io.hybridwasm.bridge.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Passes messages through gRPC as the serialized bytes they are: methods called by name are
 * transcoded before and after the call ({@link MethodSchema}), so the transport itself never
 * needs the message type. The stream it hands gRPC declares its length and drains in one write,
 * which lets gRPC frame the message without copying it into a buffer first; a received message
 * whose stream declares its length is read into an array of exactly that size (not through
 * {@link InputStream#readAllBytes()}'s 16 KiB chunk and a copy).
 */
enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
        return new Message(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try (stream) {
            if (!(stream instanceof KnownLength)) {
                return stream.readAllBytes();
            }
            byte[] bytes = new byte[stream.available()];
            int read = stream.readNBytes(bytes, 0, bytes.length);
            int next = read < bytes.length ? -1 : stream.read();
            if (next < 0) {
                return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
            }
            // The stream held more than it declared: keep it all, in order.
            ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length * 2);
            all.write(bytes, 0, read);
            all.write(next);
            stream.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read a message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }

    /** A serialized message; gRPC asks its length ({@link KnownLength}) and drains it at once. */
    private static final class Message extends ByteArrayInputStream implements KnownLength, Drainable {
        Message(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
