package com.example.upper;

import com.google.auto.service.AutoService;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A third-party plugin, compiled and jarred by ThirdPartyPluginIT exactly as an outside author
 * would: against hybrid-api only, registered by the auto-service annotation processor.
 * Offers {@code text.upper(ptr, len) -> status}, which upper-cases UTF-8 text in guest memory.
 */
@AutoService(HostFunctionProvider.class)
public final class UpperCasePlugin extends HostFunctionProvider {

    @Override
    public String name() {
        return "example-upper";
    }

    @Override
    public List<HostFunction> functions() {
        return List.of(HostFunction.ofInts("text", "upper", 2, (call, args) -> {
            GuestMemory memory = call.memory();
            String text = memory.readUtf8(args[0], args[1]);
            byte[] upper = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            if (upper.length != args[1]) {
                return -8;
            }
            memory.write(args[0], upper);
            return 0;
        }));
    }
}
