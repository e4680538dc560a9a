package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A bounds-checked cursor over part of a wasm binary: bytes, LEB128 integers and names. Every
 * malformed or truncated read throws {@link ModuleLoadException} naming the offset, so callers
 * never see an {@link IndexOutOfBoundsException}.
 */
final class WasmBytes {
    private final byte[] bytes;
    private final int end;
    private int position;

    WasmBytes(byte[] bytes, int start, int end) {
        if (start < 0 || end > bytes.length || start > end) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    int u8() {
        if (position >= end) {
            throw malformed("unexpected end of data");
        }
        return bytes[position++] & 0xff;
    }

    void skip(long count) {
        if (count < 0 || count > end - position) {
            throw malformed("length " + count + " runs past the end of data");
        }
        position += (int) count;
    }

    /** An unsigned LEB128 {@code u32}. */
    long u32() {
        return unsignedLeb(5, 32);
    }

    /** An unsigned LEB128 {@code u64}, as a non-negative long; larger values are rejected. */
    long u64() {
        return unsignedLeb(10, 63);
    }

    /** A {@code u32} used as a count or length: it must also fit the remaining data. */
    int length() {
        long value = u32();
        if (value > end - position) {
            throw malformed("length " + value + " exceeds the " + (end - position) + " bytes left");
        }
        return (int) value;
    }

    /** A {@code u32} index, which must fit an int. */
    int index() {
        long value = u32();
        if (value > Integer.MAX_VALUE) {
            throw malformed("index " + value + " is too large");
        }
        return (int) value;
    }

    String name() {
        int length = length();
        int start = position;
        skip(length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("name at offset " + start + " is not valid UTF-8");
        }
    }

    ModuleLoadException malformed(String what) {
        return new ModuleLoadException("malformed wasm module: " + what + " (offset " + position + ")");
    }

    private long unsignedLeb(int maxBytes, int bits) {
        int start = position;
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = u8();
            long payload = b & 0x7f;
            int shift = 7 * i;
            if (shift + 7 > bits && (payload >>> (bits - shift)) != 0) {
                position = start;
                throw malformed("integer does not fit " + bits + " bits");
            }
            result |= payload << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        position = start;
        throw malformed("integer longer than " + maxBytes + " bytes");
    }

    static void writeU32(ByteArrayOutputStream out, long value) {
        long v = value;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
