package io.hybridwasm.bridge.internal;

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
 * The memory one batch entry's call sees: its name, its data and a length slot laid out as the
 * arguments of {@code call_remote_service}, and a result region as large as the biggest answer
 * the client accepts. The result region is not allocated: the one write into it is kept by
 * reference, so running the single-call import body on an entry costs no extra copy of its answer
 * and never answers {@code -3} (the batch applies the entry's own capacity afterwards).
 *
 * <p>Confined to the thread running the entry.
 */
final class EntryMemory implements GuestMemory {
    static final int NAME = 16;

    private final byte[] low;
    private final int data;
    private final int lengthSlot;
    private final int result;
    private final long size;
    private byte[] written;

    EntryMemory(BatchLayout.Entry entry, int resultCapacity) {
        this.data = NAME + entry.name().length;
        this.lengthSlot = data + entry.data().length;
        this.result = lengthSlot + 4;
        this.size = (long) result + resultCapacity;
        this.low = new byte[result];
        System.arraycopy(entry.name(), 0, low, NAME, entry.name().length);
        System.arraycopy(entry.data(), 0, low, data, entry.data().length);
        writeInt(lengthSlot, resultCapacity);
    }

    /** The six {@code call_remote_service} arguments addressing this memory. */
    int[] callArguments() {
        return new int[] {NAME, data - NAME, data, lengthSlot - data, result, lengthSlot};
    }

    /** What the call wrote at the result pointer; empty if nothing. */
    byte[] answer() {
        return written == null ? new byte[0] : written;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] read(int pointer, int length) {
        checkLow(pointer, length);
        return Arrays.copyOfRange(low, pointer, pointer + length);
    }

    @Override
    public void write(int pointer, byte[] bytes) {
        write(pointer, bytes, 0, bytes.length);
    }

    @Override
    public void write(int pointer, byte[] bytes, int offset, int length) {
        if (pointer == result) {
            checkRange(pointer, length);
            written = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
            return;
        }
        checkLow(pointer, length);
        System.arraycopy(bytes, offset, low, pointer, length);
    }

    @Override
    public int readInt(int pointer) {
        checkLow(pointer, 4);
        return ByteBuffer.wrap(low, pointer, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Override
    public void writeInt(int pointer, int value) {
        checkLow(pointer, 4);
        ByteBuffer.wrap(low, pointer, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    }

    @Override
    public String readUtf8(int pointer, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(read(pointer, length))).toString();
        } catch (CharacterCodingException e) {
            throw new HybridException(HostStatus.INVALID_ARGUMENT, "batch entry name is not UTF-8", e);
        }
    }

    @Override
    public void checkRange(int pointer, int length) {
        if (Integer.toUnsignedLong(pointer) + Integer.toUnsignedLong(length) > size) {
            throw GuestMemory.outOfBounds(pointer, length, size);
        }
    }

    /** Reads and ordinary writes stay below the result region, which holds no bytes. */
    private void checkLow(int pointer, int length) {
        if (Integer.toUnsignedLong(pointer) + Integer.toUnsignedLong(length) > low.length) {
            throw GuestMemory.outOfBounds(pointer, length, low.length);
        }
    }
}
