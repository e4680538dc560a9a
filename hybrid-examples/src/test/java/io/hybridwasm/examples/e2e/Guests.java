package io.hybridwasm.examples.e2e;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The committed guests from {@code wasm-src/modules}, and the inputs their entry functions take. */
final class Guests {
    static final ModuleSource REMOTE_PATTERNS = resource("modules/remote_patterns.wasm");
    static final ModuleSource INTELLIGENT_VAD = resource("modules/intelligent_vad.wasm");
    static final ModuleSource SESSION_CLIENT = resource("modules/session_client.wasm");

    private Guests() {
    }

    static ModuleSource resource(String name) {
        return ModuleSource.ofResource(name, Guests.class.getClassLoader());
    }

    /** One instance (so per-instance state such as a session is observable), talking to {@code target}. */
    static WasmConfig.Builder patterns(String entry, String target, String... allowed) {
        return config(REMOTE_PATTERNS, entry, target, allowed);
    }

    static WasmConfig.Builder config(ModuleSource module, String entry, String target, String... allowed) {
        WasmConfig.Builder b = WasmConfig.builder(module).entryFunction(entry).maxInstances(1)
                .callTimeout(Duration.ofSeconds(10))
                .remote(RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(3)).build());
        for (String s : allowed) {
            b.allowService(s);
        }
        return b;
    }

    /** Header lines joined by '\n', then a '\n' and the payload. */
    static byte[] input(byte[] payload, String... headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String h : headers) {
            out.writeBytes(h.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
