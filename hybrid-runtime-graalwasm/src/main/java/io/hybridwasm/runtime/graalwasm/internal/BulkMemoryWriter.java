package io.hybridwasm.runtime.graalwasm.internal;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;

/**
 * Copies large byte ranges from Java into a guest's linear memory in one engine call.
 *
 * <p>The polyglot API reads memory in bulk but writes it at most eight bytes per call, about
 * 0.5 GB/s. GraalWasm's WASI {@code fd_read}, though, fills memory straight from the context's
 * stdin with one {@link InputStream#read(byte[], int, int)} into the memory's backing array. So
 * each context gets a {@link Feed} as stdin and the WASI builtin under a private linking name
 * ({@link #configure}), and a {@link BulkWriteModule} instance in that context, importing the
 * guest's memory, calls {@code fd_read} with the bytes to copy waiting in the feed: tens of
 * GB/s, about 100 ns per call (see {@code MemoryCopyBench}). Guests see no difference: their
 * module is unchanged and Hybrid refuses any import it does not offer, the private name included.
 *
 * <p>The helper instance is created on the first write asked of it. When it cannot be (a memory64 or shared
 * memory does not match its import, say), or a copy fails or comes up short, {@link #write}
 * returns false and the caller writes the whole range the slow way; a failed copy only touched
 * bytes of that range. After a failure the instance keeps to the slow way.
 * Confined to the instance's thread, like the instance.
 */
public final class BulkMemoryWriter {
    /**
     * Shorter writes go through {@code writeBufferLong}: a bulk write costs about 80 ns whatever
     * its length, {@code writeBufferLong} about 1.5 ns a byte, so they cross near 50 bytes.
     */
    public static final int MIN_LENGTH = 64;
    /** {@code -Dhybrid.graalwasm.bulkWrite=false} turns the fast path off for new instances. */
    public static final String ENABLED_PROPERTY = "hybrid.graalwasm.bulkWrite";

    private static final Logger LOG = LoggerFactory.getLogger(BulkMemoryWriter.class);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Source MODULE = Source.newBuilder("wasm", ByteSequence.create(BulkWriteModule.bytes()),
            "hybrid_bulk_writer").cached(true).buildLiteral();

    private final Context context;
    private final Value memory;
    private final Feed feed;
    private Value fill;
    private boolean unavailable;

    /**
     * @param context the guest's context, built with {@link #configure} and {@code feed}
     * @param memory  the guest's exported memory
     */
    public BulkMemoryWriter(Context context, Value memory, Feed feed) {
        this.context = context;
        this.memory = memory;
        this.feed = feed;
    }

    /** Whether new instances should use the fast path ({@link #ENABLED_PROPERTY}, default true). */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY));
    }

    /** Makes {@code feed} the context's stdin and links the WASI builtin under its private name. */
    public static Context.Builder configure(Context.Builder builder, Feed feed) {
        return builder.in(feed).option("wasm.Builtins", BulkWriteModule.WASI_LINK_NAME + ":wasi_snapshot_preview1");
    }

    /**
     * Copies {@code bytes[offset, offset+length)} to {@code address}, a range the caller checked
     * against the memory size.
     *
     * @return false when nothing or only part of the range was copied (always for ranges shorter
     *         than twelve bytes or reaching past 2 GiB, where WASI's signed addresses end): the
     *         caller must write the whole range
     * @throws PolyglotException the context was cancelled or interrupted meanwhile
     */
    public boolean write(long address, byte[] bytes, int offset, int length) {
        if (length < BulkWriteModule.MIN_LENGTH || address + length > Integer.MAX_VALUE) {
            return false;
        }
        Value function = fill();
        if (function == null) {
            return false;
        }
        feed.set(bytes, offset, length);
        try {
            int word = (int) INTS.get(bytes, offset + BulkWriteModule.COUNT_OFFSET);
            return function.execute((int) address, length, word).asInt() == length;
        } catch (PolyglotException e) {
            giveUp(e);
            return false;
        } finally {
            feed.clear();
        }
    }

    /** Whether the helper instance exists, so a write costs only the call. */
    boolean isSetUp() {
        return fill != null;
    }

    private Value fill() {
        if (fill == null && !unavailable) {
            try {
                Object imports = ProxyObject.fromMap(Map.of(BulkWriteModule.MEMORY_IMPORT_MODULE,
                        ProxyObject.fromMap(Map.of(BulkWriteModule.MEMORY, memory))));
                fill = context.eval(MODULE).newInstance(imports).getMember("exports").getMember(BulkWriteModule.FILL);
            } catch (PolyglotException e) {
                giveUp(e);
            }
        }
        return fill;
    }

    /** A cancel or interrupt ends the guest call as usual; anything else only ends the fast path. */
    private void giveUp(PolyglotException e) {
        if (e.isCancelled() || e.isInterrupted()) {
            throw e;
        }
        fill = null;
        unavailable = true;
        LOG.warn("bulk writes into guest memory failed; this instance now writes 8 bytes per call", e);
    }

    /**
     * The context's stdin: holds the bytes of the copy in progress, and is empty otherwise, so
     * it never keeps a caller's array alive.
     */
    public static final class Feed extends InputStream {
        private byte[] bytes;
        private int position;
        private int end;

        void set(byte[] source, int offset, int length) {
            bytes = source;
            position = offset;
            end = offset + length;
        }

        void clear() {
            bytes = null;
            position = 0;
            end = 0;
        }

        @Override
        public int read() {
            return position < end ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, target.length);
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int count = Math.min(length, end - position);
            System.arraycopy(bytes, position, target, offset, count);
            position += count;
            return count;
        }

        @Override
        public int available() {
            return end - position;
        }
    }
}
