package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostFunctionProvider;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The compiled test guests of {@code src/test/wat}, and small helpers to talk to them. */
final class Guests {

    private Guests() {
    }

    static ModuleSource module(String name) {
        return ModuleSource.ofResource("wasm/" + name + ".wasm", Guests.class.getClassLoader());
    }

    static WasmConfig.Builder config(String name) {
        return WasmConfig.builder(module(name));
    }

    static GraalWasmRuntime runtime(HostFunctionProvider functions) {
        return GraalWasmRuntime.builder().addHostFunctionProvider(functions).build();
    }

    /** The little-endian i32 a guest wrote as its whole output. */
    static int status(byte[] output) {
        if (output.length != 4) {
            throw new AssertionError("expected a 4-byte status, got " + output.length + " bytes");
        }
        return ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
