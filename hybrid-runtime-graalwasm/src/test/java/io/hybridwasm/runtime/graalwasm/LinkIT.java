package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.LinkException;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkIT {
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime();

    @Test
    void unknownImportNamesTheImportItsSignatureAndTheProviders() {
        LinkException e = assertThrows(LinkException.class, () -> runtime.load(Guests.config("unknown_import").build()));
        assertTrue(e.getMessage().contains("imports env.nonexistent with signature (i32) -> i32, which no HostFunctionProvider"
                + " provides (providers: "), e.getMessage());
        assertTrue(e.getMessage().contains("test-discovered"), e.getMessage());
    }

    @Test
    void wrongSignatureNamesBothSignaturesAndTheProvider() {
        LinkException e = assertThrows(LinkException.class, () -> runtime.load(Guests.config("wrong_signature").build()));
        assertTrue(e.getMessage().contains("imports test.registered_read with signature (i32) -> i32, but the host provides"
                + " (i32, i32) -> i32 (provider test-registered-5)"), e.getMessage());
    }

    @Test
    void importedMemoryIsRejected() {
        LinkException e = assertThrows(LinkException.class, () -> runtime.load(Guests.config("import_memory").build()));
        assertTrue(e.getMessage().contains("imports memory env.memory"), e.getMessage());
    }

    @Test
    void higherPriorityProviderWinsADuplicateImport() {
        try (GraalWasmRuntime both = GraalWasmRuntime.builder()
                .addHostFunctionProvider(new TestHostFunctions())
                .addHostFunctionProvider(new TestHostFunctions(9, 42, 0))
                .build();
             WasmNode node = both.load(Guests.config("host_calls").build())) {
            assertEquals(42, Guests.status(node.process("r".getBytes())));
            assertEquals("test-registered-9", both.hostFunctionProviders().get(0));
        }
    }

    @Test
    void aProviderThatRefusesTheNodesConfigurationFailsLoadingWithItsMessage() {
        HostFunctionProvider refusing = new HostFunctionProvider() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public List<HostFunction> functions() {
                return List.of();
            }

            @Override
            public void checkConfig(WasmConfig config) {
                throw new IllegalArgumentException("descriptor set /nowhere.pb: cannot read it");
            }
        };
        try (GraalWasmRuntime refused = GraalWasmRuntime.builder().addHostFunctionProvider(new TestHostFunctions())
                .addHostFunctionProvider(refusing).build()) {
            ModuleLoadException e = assertThrows(ModuleLoadException.class,
                    () -> refused.load(Guests.config("host_calls").build()));
            assertTrue(e.getMessage().endsWith(": descriptor set /nowhere.pb: cannot read it"), e.getMessage());
        }
    }
}
