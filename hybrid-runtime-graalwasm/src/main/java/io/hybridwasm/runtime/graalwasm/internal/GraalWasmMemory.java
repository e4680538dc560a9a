package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.spi.GuestMemory;
import org.graalvm.polyglot.Value;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@link GuestMemory} over an instance's exported memory. Every access is checked against the
 * memory's current size (it can grow during a call), so a bad pointer becomes
 * {@link HostStatus#INVALID_ARGUMENT} and never an engine exception. The size is asked of the
 * engine only when a range ends past the largest size seen so far.
 *
 * <p>Reads use the polyglot bulk {@code readBuffer}. The polyglot API has no bulk write: writes
 * of {@link BulkMemoryWriter#MIN_LENGTH} bytes or more go through a {@link BulkMemoryWriter}
 * when the instance has one and has written {@link #BULK_AFTER_BYTES} so far, and everything
 * else eight bytes at a time through
 * {@code writeBufferLong} (see {@code MemoryCopyBench}); callers run it with the context
 * entered, which saves the per-access enter/leave. The range is checked before any byte is
 * written, so a rejected write leaves memory as it was.
 */
public final class GraalWasmMemory implements GuestMemory {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Bytes an instance writes eight at a time before it sets up its {@link BulkMemoryWriter}.
     * The setup (a helper module instance, 0.1–0.3 ms) costs about what copying these bytes the
     * slow way costs, so an instance whose calls carry little data never pays it (a new node's
     * first call stays short) while one that moves 64 000 B chunks switches on its first call.
     */
    static final long BULK_AFTER_BYTES = 32 * 1024;

    private final Value memory;
    private final BulkMemoryWriter bulk;
    private long slowBytes;
    /** A lower bound of the size (linear memory never shrinks): ranges within it need no engine call. */
    private volatile long knownSize;

    /** Memory written only through {@code writeBufferLong}. */
    public GraalWasmMemory(Value memory) {
        this(memory, null);
    }

    /** @param bulk the fast path for large writes, or null */
    public GraalWasmMemory(Value memory, BulkMemoryWriter bulk) {
        if (!memory.hasBufferElements() || !memory.isBufferWritable()) {
            throw new IllegalArgumentException("not a writable wasm memory: " + memory);
        }
        this.memory = memory;
        this.bulk = bulk;
    }

    @Override
    public long size() {
        return memory.getBufferSize();
    }

    @Override
    public byte[] read(int pointer, int length) {
        checkRange(pointer, length);
        if (length < 0) {
            throw GuestMemory.outOfBounds(pointer, length, size());
        }
        byte[] bytes = new byte[length];
        memory.readBuffer(Integer.toUnsignedLong(pointer), bytes, 0, length);
        return bytes;
    }

    @Override
    public void write(int pointer, byte[] bytes) {
        write(pointer, bytes, 0, bytes.length);
    }

    @Override
    public void write(int pointer, byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkRange(pointer, length);
        long address = Integer.toUnsignedLong(pointer);
        if (length >= BulkMemoryWriter.MIN_LENGTH && bulk != null && bulkPays(length) && bulk.write(address, bytes, offset, length)) {
            return;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            memory.writeBufferLong(ByteOrder.LITTLE_ENDIAN, address + i, (long) LONGS.get(bytes, offset + i));
        }
        for (; i < length; i++) {
            memory.writeBufferByte(address + i, bytes[offset + i]);
        }
    }

    private boolean bulkPays(int length) {
        if (bulk.isSetUp()) {
            return true;
        }
        slowBytes += length;
        return slowBytes >= BULK_AFTER_BYTES;
    }

    Value value() {
        return memory;
    }

    BulkMemoryWriter bulk() {
        return bulk;
    }

    @Override
    public int readInt(int pointer) {
        checkRange(pointer, Integer.BYTES);
        return memory.readBufferInt(ByteOrder.LITTLE_ENDIAN, Integer.toUnsignedLong(pointer));
    }

    @Override
    public void writeInt(int pointer, int value) {
        checkRange(pointer, Integer.BYTES);
        memory.writeBufferInt(ByteOrder.LITTLE_ENDIAN, Integer.toUnsignedLong(pointer), value);
    }

    @Override
    public String readUtf8(int pointer, int length) {
        byte[] bytes = read(pointer, length);
        // The lenient decoder is intrinsic for ASCII but replaces malformed bytes with U+FFFD: only
        // text holding U+FFFD is decoded again, strictly, to tell a real U+FFFD from malformed input.
        String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HybridException(HostStatus.INVALID_ARGUMENT, "guest text at " + Integer.toUnsignedString(pointer)
                    + " (" + Integer.toUnsignedString(length) + " bytes) is not valid UTF-8", e);
        }
    }

    @Override
    public void checkRange(int pointer, int length) {
        long end = Integer.toUnsignedLong(pointer) + Integer.toUnsignedLong(length);
        if (end <= knownSize) {
            return;
        }
        long size = size();
        knownSize = size;
        if (end > size) {
            throw GuestMemory.outOfBounds(pointer, length, size);
        }
    }
}
