package io.hybridwasm.bridge;

import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.testing.InteropServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GrpcBridgeProvider#checkConfig}: what fails loading a node, and how the message reads. */
class CheckConfigTest {
    private final GrpcBridgeProvider provider = new GrpcBridgeProvider();

    private static WasmConfig node(RemoteConfig remote) {
        return WasmConfig.builder(ModuleSource.of("guest.wasm", new byte[0])).remote(remote).build();
    }

    @Test
    void aDescriptorSetThatCannotBeReadFailsLoadingNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pb");
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> provider.checkConfig(
                node(RemoteConfig.builder().descriptorSet(missing).build())));
        assertTrue(e.getMessage().contains("guest.wasm") && e.getMessage().contains(missing.toString())
                && e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADescriptorSetFailsLoadingNamingTheFile(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("service.proto"), "syntax = \"proto3\";\nservice S {}\n");
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> provider.checkConfig(
                node(RemoteConfig.builder().descriptorSet(text).build())));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("--descriptor_set_out"),
                e.getMessage());
    }

    @Test
    void aValidDescriptorSetAndServiceConfigLoad(@TempDir Path dir) throws Exception {
        Path set = InteropServer.writeDescriptorSet(dir.resolve("test.pb"));
        provider.checkConfig(node(RemoteConfig.builder().descriptorSet(set)
                .serviceConfig("{\"methodConfig\":[{\"name\":[{\"service\":\"grpc.testing.TestService\"}],"
                        + "\"waitForReady\":true}]}").build()));
    }

    @Test
    void aServiceConfigGrpcRejectsFailsLoading() {
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> provider.checkConfig(
                node(RemoteConfig.builder().serviceConfig("{\"methodConfig\": 3}").build())));
        assertTrue(e.getMessage().contains("service config"), e.getMessage());
    }
}
