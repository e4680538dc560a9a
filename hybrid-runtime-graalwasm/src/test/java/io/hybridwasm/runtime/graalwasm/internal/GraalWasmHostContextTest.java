package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostFunction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraalWasmHostContextTest {

    @Test
    void importsAnswersPerModuleAndName() {
        HostFunction.IntBody none = (call, args) -> 0;
        List<HostFunction> linked = List.of(HostFunction.ofInts("env", "call_remote_service", 6, none),
                HostFunction.ofInts("env", "last_error", 2, none), HostFunction.ofInts("plugin.v1", "tick", 0, none));
        WasmConfig config = WasmConfig.builder(ModuleSource.of("empty", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})).build();
        try (GraalWasmHostContext context = new GraalWasmHostContext(config, getClass().getClassLoader(), linked)) {
            assertTrue(context.imports("env", "call_remote_service"));
            assertTrue(context.imports("env", "last_error"));
            assertTrue(context.imports("plugin.v1", "tick"));
            assertFalse(context.imports("env", "tick"), "a name imported from another module");
            assertFalse(context.imports("env.call_remote", "service"), "the dot is not part of either name");
            assertFalse(context.imports("wasi_snapshot_preview1", "fd_read"));
        }
    }
}
