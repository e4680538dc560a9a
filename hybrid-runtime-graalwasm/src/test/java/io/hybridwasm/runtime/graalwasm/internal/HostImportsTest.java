package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.LinkException;
import io.hybridwasm.spi.FunctionType;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import io.hybridwasm.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hybridwasm.runtime.graalwasm.internal.WasmModuleReaderTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostImportsTest {

    private static HostFunctionProvider provider(String name, int priority, HostFunction... functions) {
        return new HostFunctionProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public List<HostFunction> functions() {
                return List.of(functions);
            }
        };
    }

    private static HostFunction ints(String module, String name, int params) {
        return HostFunction.ofInts(module, name, params, (call, args) -> 0);
    }

    private static final WasmModuleInfo HOST_CALLS = WasmModuleReader.read(fixture("host_calls"));

    @Test
    void linksEveryImportInOrderPreferringTheFirstProvider() {
        HostFunction winner = ints("test", "registered_read", 2);
        HostImports imports = HostImports.of(List.of(
                provider("high", 9, winner, ints("test", "discovered_read", 2)),
                provider("low", 1, ints("test", "registered_read", 2), ints("test", "fail", 0), ints("test", "track", 0))));
        List<HostFunction> linked = imports.link(HOST_CALLS, "m");
        assertEquals(List.of("test.registered_read", "test.discovered_read", "test.fail", "test.track"),
                linked.stream().map(HostFunction::qualifiedName).toList());
        assertEquals(winner, linked.get(0));
        assertEquals("low", imports.offer("test.fail").provider());
    }

    @Test
    void missingImportNamesItsSignatureAndTheProviders() {
        HostImports imports = HostImports.of(List.of(provider("grpc-bridge", 5, ints("test", "registered_read", 2))));
        LinkException e = assertThrows(LinkException.class, () -> imports.link(HOST_CALLS, "m"));
        assertEquals("module m imports test.discovered_read with signature (i32, i32) -> i32, which no "
                + "HostFunctionProvider provides (providers: grpc-bridge)", e.getMessage());
    }

    @Test
    void wrongSignatureNamesBothAndTheProvider() {
        HostImports imports = HostImports.of(List.of(provider("grpc-bridge", 5, ints("test", "registered_read", 6))));
        LinkException e = assertThrows(LinkException.class, () -> imports.link(HOST_CALLS, "m"));
        assertEquals("module m imports test.registered_read with signature (i32, i32) -> i32, but the host provides "
                + "(i32, i32, i32, i32, i32, i32) -> i32 (provider grpc-bridge)", e.getMessage());
    }

    @Test
    void resultTypeMattersToo() {
        HostFunction voidRead = new HostFunction("test", "registered_read",
                FunctionType.of(List.of(ValueType.I32, ValueType.I32), List.of()), (call, args) -> new long[0]);
        HostImports imports = HostImports.of(List.of(provider("p", 5, voidRead)));
        assertThrows(LinkException.class, () -> imports.link(HOST_CALLS, "m"));
    }

    @Test
    void providerWhoseFunctionsFailIsSkipped() {
        HostFunctionProvider broken = new HostFunctionProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<HostFunction> functions() {
                throw new IllegalStateException("no");
            }
        };
        assertEquals(List.of("ok"), HostImports.of(List.of(broken, provider("ok", 5))).providerNames());
    }
}
