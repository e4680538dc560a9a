package io.hybridwasm.runtime.graalwasm.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BulkWriteModuleTest {

    @Test
    void bytesAreWhatWat2wasmMakesOfBulkWriteWat() {
        assertArrayEquals(WasmModuleReaderTest.fixture("bulk_write"), BulkWriteModule.bytes());
    }

    @Test
    void importsWasiFdReadUnderThePrivateNameAndTheGuestMemory() {
        WasmModuleInfo info = WasmModuleReader.read(BulkWriteModule.bytes());
        assertEquals(List.of(
                        new WasmImport(BulkWriteModule.WASI_LINK_NAME, "fd_read", ExternKind.FUNCTION, FuncSig.i32s(4, 1)),
                        new WasmImport(BulkWriteModule.MEMORY_IMPORT_MODULE, "memory", ExternKind.MEMORY, null)),
                info.imports());
        assertEquals(FuncSig.i32s(3, 1), info.exportedFunction(BulkWriteModule.FILL).orElseThrow());
        assertEquals(ExternKind.MEMORY, info.export(BulkWriteModule.MEMORY).orElseThrow().kind());
    }
}
