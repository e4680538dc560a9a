package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GraalWasmMemory} writes on a real echo guest, through the bulk path and through
 * {@code writeBufferLong} alone: every write lands exactly in its range, whatever the alignment
 * and length, and a rejected one writes nothing.
 */
class GraalWasmMemoryIT {
    private static final int[] EDGE_LENGTHS = {0, 1, 7, 8, 11, 12, 13, BulkMemoryWriter.MIN_LENGTH - 1,
        BulkMemoryWriter.MIN_LENGTH, BulkMemoryWriter.MIN_LENGTH + 1, 4093, 65_536, 200_000};
    private static Engine engine;
    private static LoadedModule echo;
    private GraalWasmInstance instance;

    @BeforeAll
    static void load() {
        engine = GraalEngines.create(true, false);
        ClassLoader loader = GraalWasmMemoryIT.class.getClassLoader();
        WasmConfig config = WasmConfig.builder(ModuleSource.ofResource("wasm/echo.wasm", loader)).build();
        echo = ModuleLoader.load(config, engine, HostImports.of(List.of()), loader);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @BeforeEach
    void instantiate() {
        instance = GraalWasmInstance.open(echo);
        instance.instantiate();
        instance.enter();
    }

    @AfterEach
    void leave() {
        instance.leave();
        instance.close();
    }

    private GraalWasmMemory memory(boolean bulk) {
        GraalWasmMemory memory = (GraalWasmMemory) instance.memory();
        return bulk ? memory : new GraalWasmMemory(memory.value());
    }

    /** Grows the guest's memory to at least {@code bytes} through its own alloc. */
    private void grow(int bytes) {
        assertTrue(instance.alloc().execute(bytes).asInt() != 0, "guest alloc(" + bytes + ")");
    }

    private static byte[] snapshot(GraalWasmMemory memory) {
        return memory.read(0, (int) memory.size());
    }

    @ParameterizedTest(name = "bulk path {0}")
    @ValueSource(booleans = {true, false})
    void randomWritesLandExactlyInTheirRange(boolean bulk) {
        grow(1 << 20);
        GraalWasmMemory memory = memory(bulk);
        if (bulk) {
            byte[] probe = new byte[BulkMemoryWriter.MIN_LENGTH];
            assertTrue(memory.bulk().write(0, probe, 0, probe.length), "the fast path is available");
        }
        byte[] expected = snapshot(memory);
        Random random = new Random(bulk ? 42 : 43);
        for (int i = 0; i < 150; i++) {
            int length = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(BulkMemoryWriter.MIN_LENGTH * 2);
                case 1 -> random.nextInt(20_000);
                default -> random.nextInt(200_001);
            };
            int pointer = random.nextInt(expected.length - length + 1);
            int offset = random.nextInt(16);
            byte[] source = new byte[offset + length + random.nextInt(16)];
            random.nextBytes(source);
            memory.write(pointer, source, offset, length);
            System.arraycopy(source, offset, expected, pointer, length);
            assertArrayEquals(Arrays.copyOfRange(source, offset, offset + length), memory.read(pointer, length));
            assertArrayEquals(expected, snapshot(memory), "write " + i + ": " + length + " bytes at " + pointer);
        }
    }

    @ParameterizedTest(name = "bulk path {0}")
    @ValueSource(booleans = {true, false})
    void writesEndingAtTheLastByte(boolean bulk) {
        grow(300_000);
        GraalWasmMemory memory = memory(bulk);
        int size = (int) memory.size();
        Random random = new Random(7);
        for (int length : EDGE_LENGTHS) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            byte[] expected = snapshot(memory);
            System.arraycopy(bytes, 0, expected, size - length, length);
            memory.write(size - length, bytes);
            assertArrayEquals(expected, snapshot(memory), length + " bytes at the end");
        }
    }

    @ParameterizedTest(name = "bulk path {0}")
    @ValueSource(booleans = {true, false})
    void outOfRangeWritesAreRejectedAndWriteNothing(boolean bulk) {
        GraalWasmMemory memory = memory(bulk);
        int size = (int) memory.size();
        byte[] before = snapshot(memory);
        for (int length : new int[] {1, 12, BulkMemoryWriter.MIN_LENGTH, 4096, size}) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, (byte) 0x5a);
            for (int pointer : new int[] {size - length + 1, size, -1, Integer.MIN_VALUE, -length}) {
                HybridException e = assertThrows(HybridException.class, () -> memory.write(pointer, bytes),
                        length + " bytes at " + Integer.toUnsignedString(pointer));
                assertEquals(HostStatus.INVALID_ARGUMENT, e.status());
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> memory.write(0, new byte[300], 100, 201));
        assertArrayEquals(before, snapshot(memory));
    }

    @Test
    void writesFallBackWhenTheHelperCannotLink() {
        BulkMemoryWriter.Feed feed = new BulkMemoryWriter.Feed();
        try (Context context = BulkMemoryWriter.configure(Context.newBuilder("wasm").engine(engine), feed).build()) {
            Value exports = context.eval(echo.source()).newInstance().getMember("exports");
            BulkMemoryWriter notAMemory = new BulkMemoryWriter(context, exports.getMember("alloc"), feed);
            GraalWasmMemory memory = new GraalWasmMemory(exports.getMember("memory"), notAMemory);
            byte[] bytes = new byte[10_000];
            new Random(5).nextBytes(bytes);
            assertFalse(notAMemory.write(3, bytes, 0, bytes.length));
            memory.write(3, bytes);
            assertArrayEquals(bytes, memory.read(3, bytes.length));
        }
    }

    @Test
    void bulkWritesKeepWorkingAfterTheGuestGrowsItsMemory() {
        GraalWasmMemory memory = memory(true);
        BulkMemoryWriter writer = memory.bulk();
        byte[] bytes = new byte[60_000];
        new Random(3).nextBytes(bytes);
        assertTrue(writer.write(1, bytes, 0, bytes.length), "the helper instance links to the guest memory");
        assertFalse(writer.write(1, bytes, 0, 11), "too short to hold the iovec and the count");
        long before = memory.size();

        grow(3 << 20);
        int size = (int) memory.size();
        assertTrue(size > before + bytes.length, "memory grew from " + before + " to " + size);
        int pointer = size - bytes.length - 3;
        assertTrue(writer.write(pointer, bytes, 0, bytes.length), "the fast path sees the grown memory");
        assertArrayEquals(bytes, memory.read(pointer, bytes.length));
        byte[] large = new byte[size - 5];
        new Random(4).nextBytes(large);
        memory.write(5, large);
        assertArrayEquals(large, memory.read(5, large.length));
    }

    /** A new instance's small writes go eight bytes at a time; the helper is set up once they add up. */
    @Test
    void bulkHelperIsSetUpOnlyOnceWritesAddUp() {
        GraalWasmMemory memory = memory(true);
        byte[] small = new byte[1_280];
        new Random(5).nextBytes(small);
        long written = 0;
        while (written + small.length < GraalWasmMemory.BULK_AFTER_BYTES) {
            memory.write(16, small);
            written += small.length;
            assertFalse(memory.bulk().isSetUp(), "helper set up after only " + written + " bytes");
        }
        assertArrayEquals(small, memory.read(16, small.length));
        memory.write(16, small);
        assertTrue(memory.bulk().isSetUp(), "helper set up once " + (written + small.length) + " bytes were written");
        byte[] next = new byte[4_096];
        new Random(6).nextBytes(next);
        memory.write(32, next);
        assertArrayEquals(next, memory.read(32, next.length));
    }

    /** The size is remembered, not re-asked per access: a range past it is still refused once memory grew. */
    @Test
    void rangesAreCheckedAgainstTheGrownSize() {
        GraalWasmMemory memory = memory(true);
        long before = memory.size();
        memory.checkRange(0, (int) before);
        HybridException outside = assertThrows(HybridException.class, () -> memory.checkRange((int) before - 3, 4));
        assertEquals(HostStatus.INVALID_ARGUMENT, outside.status());
        grow((int) before + 70_000);
        long after = memory.size();
        assertTrue(after > before, "memory grew from " + before + " to " + after);
        memory.checkRange((int) before - 3, 4);
        memory.writeInt((int) after - 4, 42);
        assertEquals(42, memory.readInt((int) after - 4));
        assertThrows(HybridException.class, () -> memory.readInt((int) after - 3));
        assertThrows(HybridException.class, () -> memory.checkRange(-1, 2));
    }

    @Test
    void utf8TextIsReadStrictlyAndARealReplacementCharacterPasses() {
        GraalWasmMemory memory = memory(true);
        byte[] text = "inventory.v1.Stock/Reserve \uFFFD ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        memory.write(64, text);
        assertEquals("inventory.v1.Stock/Reserve \uFFFD ok", memory.readUtf8(64, text.length));
        memory.write(256, new byte[] {'E', 'c', (byte) 0xC3, 'o'});
        HybridException malformed = assertThrows(HybridException.class, () -> memory.readUtf8(256, 4));
        assertEquals(HostStatus.INVALID_ARGUMENT, malformed.status());
        assertTrue(malformed.getMessage().contains("is not valid UTF-8"), malformed.getMessage());
    }
}
