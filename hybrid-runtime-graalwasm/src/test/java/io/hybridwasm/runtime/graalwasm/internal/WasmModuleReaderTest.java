package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WasmModuleReaderTest {
    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    static byte[] fixture(String name) {
        try (InputStream in = WasmModuleReaderTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] module(int... sectionBytes) {
        byte[] result = new byte[HEADER.length + sectionBytes.length];
        System.arraycopy(HEADER, 0, result, 0, HEADER.length);
        for (int i = 0; i < sectionBytes.length; i++) {
            result[HEADER.length + i] = (byte) sectionBytes[i];
        }
        return result;
    }

    private static String rejects(byte[] binary) {
        return assertThrows(ModuleLoadException.class, () -> WasmModuleReader.read(binary)).getMessage();
    }

    @Test
    void readsTheEchoGuest() {
        WasmModuleInfo info = WasmModuleReader.read(fixture("echo"));
        assertEquals(List.of(), info.imports());
        assertEquals(List.of(new MemoryLimits(0, 1, OptionalLong.empty())), info.memories());
        assertEquals(FuncSig.i32s(1, 1), info.exportedFunction("alloc").orElseThrow());
        assertEquals(FuncSig.i32s(2, 0), info.exportedFunction("dealloc").orElseThrow());
        assertEquals(FuncSig.i32s(4, 1), info.exportedFunction("process").orElseThrow());
        assertEquals(FuncSig.i32s(0, 1), info.exportedFunction("hybrid_abi_version").orElseThrow());
        assertEquals(ExternKind.MEMORY, info.export("memory").orElseThrow().kind());
        assertTrue(info.exportedFunction("memory").isEmpty());
        assertTrue(info.memorySectionStart() > 8 && info.memorySectionEnd() > info.memorySectionStart());
    }

    @Test
    void readsImportsInOrderWithTheirSignatures() {
        WasmModuleInfo info = WasmModuleReader.read(fixture("host_calls"));
        assertEquals(List.of("test.registered_read", "test.discovered_read", "test.fail", "test.track"),
                info.imports().stream().map(WasmImport::qualifiedName).toList());
        assertEquals("(i32, i32) -> i32", info.imports().get(0).type().toString());
        assertEquals("() -> i32", info.imports().get(2).type().toString());
        assertEquals(FuncSig.i32s(4, 1), info.exportedFunction("process").orElseThrow(),
                "function indexes count imported functions first");
    }

    @Test
    void readsNonFunctionImportsAndDeclaredMaximums() {
        WasmModuleInfo info = WasmModuleReader.read(fixture("import_memory"));
        assertEquals(ExternKind.MEMORY, info.imports().get(0).kind());
        assertEquals(new MemoryLimits(1, 1, OptionalLong.of(100)), WasmModuleReader.read(fixture("memory_bomb_max")).memories().get(0));
    }

    @Test
    void headerAloneIsAnEmptyModule() {
        WasmModuleInfo info = WasmModuleReader.read(module());
        assertTrue(info.exports().isEmpty());
        assertEquals(-1, info.memorySectionStart());
    }

    @Test
    void rejectsWrongMagicVersionAndShortInput() {
        assertTrue(rejects(new byte[] {0, 'a', 's'}).contains("too short"));
        assertTrue(rejects("\0ELF\1\0\0\0".getBytes()).contains("magic"));
        assertTrue(rejects(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}).contains("version 2"));
    }

    @Test
    void rejectsEveryTruncationWithModuleLoadExceptionOnly() {
        byte[] full = fixture("host_calls");
        int rejected = 0;
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(full, length);
            try {
                WasmModuleReader.read(prefix);
            } catch (ModuleLoadException e) {
                rejected++;
            }
        }
        assertTrue(rejected > full.length - 20, "almost every prefix cuts a section: " + rejected + " of " + full.length);
    }

    @Test
    void garbageNeverEscapesAsAnythingButModuleLoadException() {
        Random random = new Random(42);
        byte[] valid = fixture("misbehave");
        for (int i = 0; i < 5_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[8 + random.nextInt(64)];
                random.nextBytes(input);
                System.arraycopy(HEADER, 0, input, 0, HEADER.length);
            } else {
                input = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[8 + random.nextInt(input.length - 8)] = (byte) random.nextInt(256);
                }
            }
            try {
                WasmModuleReader.read(input);
            } catch (ModuleLoadException e) {
                assertTrue(e.getMessage().startsWith("malformed wasm module"), e.getMessage());
            }
        }
    }

    @Test
    void rejectsSectionLongerThanTheModule() {
        assertTrue(rejects(module(1, 10, 0)).contains("exceeds"));
    }

    @Test
    void rejectsOverlongAndOversizedLeb128() {
        assertTrue(rejects(module(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)).contains("longer than 5 bytes"));
        assertTrue(rejects(module(1, 0xff, 0xff, 0xff, 0xff, 0x1f)).contains("does not fit 32 bits"));
    }

    @Test
    void rejectsTrailingBytesInASection() {
        assertTrue(rejects(module(1, 2, 0, 0)).contains("unread bytes"));
    }

    @Test
    void rejectsDuplicateSectionsAndExports() {
        assertTrue(rejects(module(1, 1, 0, 1, 1, 0)).contains("duplicate section"));
        byte[] duplicateExport = module(5, 3, 1, 0, 1, 7, 9, 2, 1, 'm', 2, 0, 1, 'm', 2, 0);
        assertTrue(rejects(duplicateExport).contains("duplicate export"));
    }

    @Test
    void rejectsDanglingIndexes() {
        assertTrue(rejects(module(3, 2, 1, 0)).contains("type index 0 out of range"));
        assertTrue(rejects(module(7, 5, 1, 1, 'f', 0, 3)).contains("function 3, which does not exist"));
    }

    @Test
    void rejectsNamesThatAreNotUtf8() {
        assertTrue(rejects(module(7, 5, 1, 1, 0xff, 2, 0)).contains("not valid UTF-8"));
    }

    @Test
    void rejectsUnknownKindsAndTypes() {
        assertTrue(rejects(module(1, 4, 1, 0x5f, 0, 0)).contains("not a function type"));
        assertTrue(rejects(module(1, 4, 1, 0x60, 1, 0x40)).contains("unsupported value type 0x40"));
        assertTrue(rejects(module(2, 6, 1, 1, 'a', 1, 'b', 9)).contains("unknown import/export kind 0x9"));
        assertTrue(rejects(module(5, 3, 1, 0x10, 1)).contains("unknown limits flags"));
    }

    @Test
    void skipsSectionsItDoesNotNeedIncludingCustomOnes() {
        byte[] binary = module(0, 3, 1, 'x', 9, 12, 1, 0);
        assertArrayEquals(new byte[0], WasmModuleReader.read(binary).exports().stream().map(WasmExport::name)
                .reduce("", String::concat).getBytes());
    }
}
