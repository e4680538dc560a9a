package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;

import java.util.List;

/**
 * Found through {@code META-INF/services} in the test resources:
 * {@code test.discovered_read(ptr, len)} reads guest memory and returns 0 (-8 for a bad range).
 */
public final class DiscoveredTestProvider extends HostFunctionProvider {

    @Override
    public String name() {
        return "test-discovered";
    }

    @Override
    public List<HostFunction> functions() {
        return List.of(HostFunction.ofInts("test", "discovered_read", 2, (call, args) -> {
            call.memory().read(args[0], args[1]);
            return 0;
        }));
    }
}
