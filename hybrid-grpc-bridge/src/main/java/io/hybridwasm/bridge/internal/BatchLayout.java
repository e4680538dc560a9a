package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The little-endian wire layout of {@code env.call_remote_batch} (docs/abi.md, "call_remote_batch").
 *
 * <pre>
 * requests: u32 count, then per entry: u32 name_len, name (UTF-8), u32 data_len, data, u32 result_capacity
 * results:  per entry, in request order: i32 status, u32 len, then len bytes when status is 0
 *           (len is the size needed when status is -3, else 0)
 * </pre>
 *
 * <p>A request buffer that ends early, or has bytes after its last entry, is malformed (status
 * {@code -8}). Stateless.
 */
public final class BatchLayout {
    /** Bytes of an entry's result header: status and length. */
    public static final int RESULT_HEADER = 8;

    private BatchLayout() {
    }

    /** One parsed entry; the name is still raw bytes, so its UTF-8 check happens per entry. */
    public record Entry(byte[] name, byte[] data, long resultCapacity) {
        /** Room this entry may take in the results buffer: its header and its capacity. */
        long resultRoom() {
            return RESULT_HEADER + resultCapacity;
        }
    }

    /** One entry's outcome. {@code bytes} is empty unless {@code status} is 0; {@code length} is the needed size on -3. */
    public record Result(int status, long length, byte[] bytes) {
        public static Result failed(int status) {
            return new Result(status, 0, new byte[0]);
        }
    }

    /**
     * Parses a request buffer.
     *
     * @param maxEntries entries beyond this are refused without parsing them
     * @throws HybridException {@link HostStatus#INVALID_ARGUMENT} when the layout is malformed,
     *                         {@link HostStatus#TOO_LARGE} when it holds more than {@code maxEntries}
     */
    public static List<Entry> parse(byte[] requests, int maxEntries) {
        ByteBuffer in = ByteBuffer.wrap(requests).order(ByteOrder.LITTLE_ENDIAN);
        long count = u32(in, "the entry count");
        if (count > maxEntries) {
            throw new HybridException(HostStatus.TOO_LARGE, "batch of " + count + " entries, over the limit of "
                    + maxEntries);
        }
        List<Entry> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            byte[] name = bytes(in, u32(in, "entry " + i + " name_len"), "entry " + i + " name");
            byte[] data = bytes(in, u32(in, "entry " + i + " data_len"), "entry " + i + " data");
            entries.add(new Entry(name, data, u32(in, "entry " + i + " result_capacity")));
        }
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes after the last of " + count + " entries");
        }
        return entries;
    }

    /** The room the results of {@code entries} may need: a header and the capacity of each. */
    public static long resultsRoom(List<Entry> entries) {
        return entries.stream().mapToLong(Entry::resultRoom).sum();
    }

    /** Encodes {@code results} in request order. */
    public static byte[] encode(List<Result> results) {
        int size = results.stream().mapToInt(r -> RESULT_HEADER + r.bytes().length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (Result r : results) {
            out.putInt(r.status()).putInt((int) r.length()).put(r.bytes());
        }
        return out.array();
    }

    private static long u32(ByteBuffer in, String what) {
        if (in.remaining() < 4) {
            throw malformed(what + " is cut off at byte " + in.position());
        }
        return Integer.toUnsignedLong(in.getInt());
    }

    private static byte[] bytes(ByteBuffer in, long length, String what) {
        if (length > in.remaining()) {
            throw malformed(what + " (" + length + " bytes) runs past the end of the buffer at byte " + in.position());
        }
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return bytes;
    }

    private static HybridException malformed(String detail) {
        return new HybridException(HostStatus.INVALID_ARGUMENT, "malformed call_remote_batch requests: " + detail);
    }
}
