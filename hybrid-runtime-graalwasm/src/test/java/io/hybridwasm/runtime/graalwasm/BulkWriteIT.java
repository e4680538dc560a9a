package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.LinkException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.internal.BulkMemoryWriter;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Large writes into guest memory through the whole runtime: from the ABI and from host functions. */
class BulkWriteIT {
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime(new CopyProvider());

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @ValueSource(ints = {BulkMemoryWriter.MIN_LENGTH - 1, BulkMemoryWriter.MIN_LENGTH, 64_000, 300_001})
    void hostFunctionWritesDuringTheGuestCall(int size) {
        byte[] input = random(size);
        try (WasmNode node = runtime.load(Guests.config("host_copy").build())) {
            assertArrayEquals(input, node.process(input));
            assertArrayEquals(input, node.process(input));
        }
    }

    /** The helper module and the WASI builtin have names of their own; a guest may use them too. */
    @ParameterizedTest
    @ValueSource(strings = {"hybrid_bulk_write", "hybrid_bulk_writer", "wasi_snapshot_preview1", "main"})
    void guestNamedLikeTheHelperStillEchoes(String name) {
        byte[] input = random(64_000);
        try (WasmNode node = runtime.load(WasmConfig.builder(ModuleSource.of(name, echoBytes())).build())) {
            assertArrayEquals(input, node.process(input));
        }
    }

    @Test
    void guestsCannotImportTheWasiBuiltinBehindTheFastPath() {
        assertThrows(LinkException.class, () -> runtime.load(Guests.config("private_wasi_import").build()));
    }

    @Test
    void writeBufferLongAloneWhenTheFastPathIsOff() {
        byte[] input = random(70_000);
        System.setProperty(BulkMemoryWriter.ENABLED_PROPERTY, "false");
        try (WasmNode node = runtime.load(Guests.config("echo").build())) {
            assertArrayEquals(input, node.process(input));
        } finally {
            System.clearProperty(BulkMemoryWriter.ENABLED_PROPERTY);
        }
    }

    private static byte[] echoBytes() {
        try (InputStream in = BulkWriteIT.class.getResourceAsStream("/wasm/echo.wasm")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code test.copy(src, dst, len)}: reads guest memory and writes it back elsewhere. */
    static final class CopyProvider extends HostFunctionProvider {
        @Override
        public String name() {
            return "test-copy";
        }

        @Override
        public List<HostFunction> functions() {
            return List.of(HostFunction.ofInts("test", "copy", 3, (call, args) -> {
                call.memory().write(args[1], call.memory().read(args[0], args[2]));
                return 0;
            }));
        }
    }
}
