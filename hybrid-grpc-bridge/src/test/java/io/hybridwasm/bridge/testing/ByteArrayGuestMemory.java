package io.hybridwasm.bridge.testing;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.spi.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A guest's linear memory as a plain byte array, bounds-checked like the real one, with a bump
 * allocator for laying out test inputs. Not thread-safe.
 */
public final class ByteArrayGuestMemory implements GuestMemory {
    private final byte[] bytes;
    private int next = 16; // keep 0 free, like a real guest's null page

    public ByteArrayGuestMemory(int size) {
        this.bytes = new byte[size];
    }

    /** Reserves {@code size} bytes and returns their pointer. */
    public int alloc(int size) {
        int pointer = next;
        next += (size + 7) & ~7;
        if (next > bytes.length) {
            throw new IllegalStateException("test memory exhausted");
        }
        return pointer;
    }

    /** Copies {@code data} into fresh memory and returns its pointer. */
    public int put(byte[] data) {
        int pointer = alloc(data.length);
        System.arraycopy(data, 0, bytes, pointer, data.length);
        return pointer;
    }

    public int putUtf8(String text) {
        return put(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh {@code u32} length slot holding {@code capacity}. */
    public int lengthSlot(int capacity) {
        int pointer = alloc(4);
        writeInt(pointer, capacity);
        return pointer;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public byte[] read(int pointer, int length) {
        checkRange(pointer, length);
        return Arrays.copyOfRange(bytes, pointer, pointer + length);
    }

    @Override
    public void write(int pointer, byte[] data) {
        write(pointer, data, 0, data.length);
    }

    @Override
    public void write(int pointer, byte[] data, int offset, int length) {
        checkRange(pointer, length);
        System.arraycopy(data, offset, bytes, pointer, length);
    }

    @Override
    public int readInt(int pointer) {
        checkRange(pointer, 4);
        return ByteBuffer.wrap(bytes, pointer, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Override
    public void writeInt(int pointer, int value) {
        checkRange(pointer, 4);
        ByteBuffer.wrap(bytes, pointer, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    }

    @Override
    public String readUtf8(int pointer, int length) {
        byte[] raw = read(pointer, length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new HybridException(HostStatus.INVALID_ARGUMENT, "not UTF-8 at " + pointer, e);
        }
    }

    @Override
    public void checkRange(int pointer, int length) {
        long start = Integer.toUnsignedLong(pointer);
        long end = start + Integer.toUnsignedLong(length);
        if (end > bytes.length) {
            throw GuestMemory.outOfBounds(pointer, length, bytes.length);
        }
    }
}
