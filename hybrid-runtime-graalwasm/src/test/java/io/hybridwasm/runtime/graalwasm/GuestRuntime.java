package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.spi.HostFunctionProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One runtime for a whole test class, with the given host functions: made before the class's
 * first test, closed after its last. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class GuestRuntime implements BeforeAllCallback, AfterAllCallback {
    private final HostFunctionProvider functions;
    private GraalWasmRuntime runtime;

    /** With the test guests' {@link TestHostFunctions}. */
    GuestRuntime() {
        this(new TestHostFunctions());
    }

    GuestRuntime(HostFunctionProvider functions) {
        this.functions = functions;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = Guests.runtime(functions);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        runtime.close();
    }

    WasmNode load(WasmConfig config) {
        return runtime.load(config);
    }
}
