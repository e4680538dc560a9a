package io.hybridwasm.bridge.internal;

import io.grpc.KnownLength;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** What gRPC hands the marshaller comes back byte for byte, whatever length the stream declares. */
class BytesMarshallerTest {
    private static final byte[] MESSAGE = message(40_000);

    @Test
    void aStreamThatDeclaresItsLengthIsReadWhole() {
        assertArrayEquals(MESSAGE, BytesMarshaller.INSTANCE.parse(new Declaring(MESSAGE, MESSAGE.length)));
        assertArrayEquals(new byte[0], BytesMarshaller.INSTANCE.parse(new Declaring(new byte[0], 0)));
    }

    @Test
    void aStreamThatDeclaresTooLittleOrTooMuchStillGivesEveryByteItHas() {
        assertArrayEquals(MESSAGE, BytesMarshaller.INSTANCE.parse(new Declaring(MESSAGE, 100)));
        assertArrayEquals(MESSAGE, BytesMarshaller.INSTANCE.parse(new Declaring(MESSAGE, MESSAGE.length + 7)));
    }

    @Test
    void aStreamWithoutALengthIsReadToItsEnd() {
        assertArrayEquals(MESSAGE, BytesMarshaller.INSTANCE.parse(new ByteArrayInputStream(MESSAGE)));
    }

    @Test
    void whatItStreamsParsesBackToTheSameBytes() {
        assertArrayEquals(MESSAGE, BytesMarshaller.INSTANCE.parse(BytesMarshaller.INSTANCE.stream(MESSAGE)));
    }

    private static byte[] message(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + i / 256);
        }
        return bytes;
    }

    /** Like gRPC's received-message stream: {@link KnownLength}; {@code available()} counts down from {@code declared}. */
    private static final class Declaring extends InputStream implements KnownLength {
        private final ByteArrayInputStream bytes;
        private int declared;

        Declaring(byte[] content, int declared) {
            this.bytes = new ByteArrayInputStream(content);
            this.declared = declared;
        }

        @Override
        public int available() {
            return Math.max(0, declared);
        }

        @Override
        public int read() {
            declared--;
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = bytes.read(b, off, len);
            declared -= Math.max(0, n);
            return n;
        }
    }
}
