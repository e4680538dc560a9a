package io.hybridwasm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WasmConfigTest {
    private static final ModuleSource MODULE = ModuleSource.of(Path.of("vad.wasm"));

    @Test
    void defaultsAreSafe() {
        WasmConfig config = WasmConfig.builder(MODULE).build();
        assertEquals("process", config.entryFunction());
        assertEquals(64L << 20, config.memoryLimitBytes());
        assertEquals(1024, config.memoryLimitPages());
        assertTrue(config.allowedServices().isEmpty());
        assertFalse(config.allows("VoiceActivityDetector"), "no allowlist must deny remote calls");
        assertEquals(RemoteConfig.NONE, config.remote());
    }

    @Test
    void validationNamesTheFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WasmConfig.builder(MODULE).callTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("callTimeout") && e.getMessage().contains("PT0S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WasmConfig.builder(MODULE).memoryLimitBytes(1000).build());
        assertTrue(e.getMessage().contains("memoryLimitBytes") && e.getMessage().contains("1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WasmConfig.builder(MODULE).maxInstances(0).build());
        assertThrows(IllegalArgumentException.class, () -> WasmConfig.builder(MODULE).entryFunction(" ").build());
    }

    @Test
    void idleTimeoutDefaultsToFiveMinutesSurvivesToBuilderAndMustBePositive() {
        assertEquals(Duration.ofMinutes(5), WasmConfig.builder(MODULE).build().idleTimeout());
        WasmConfig config = WasmConfig.builder(MODULE).idleTimeout(Duration.ofSeconds(30)).build();
        assertEquals(Duration.ofSeconds(30), config.toBuilder().build().idleTimeout());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WasmConfig.builder(MODULE).idleTimeout(Duration.ofSeconds(-1)).build());
        assertTrue(e.getMessage().contains("idleTimeout") && e.getMessage().contains("PT-1S"), e.getMessage());
    }

    @Test
    void aMethodIsAllowedByItsExactNameOrItsServiceWildcard() {
        WasmConfig config = WasmConfig.builder(MODULE)
                .allowedServices(Set.of("inventory.v1.Stock/Reserve", "grpc.health.v1.Health/*")).build();
        assertTrue(config.allows("inventory.v1.Stock/Reserve"));
        assertTrue(config.allows("inventory.v1.Stock/Reserve+proto"), "+proto is the same method");
        assertFalse(config.allows("inventory.v1.Stock/Release"));
        assertTrue(config.allows("grpc.health.v1.Health/Check"));
        assertTrue(config.allows("grpc.health.v1.Health/Watch+proto"));
        assertFalse(config.allows("grpc.health.v1.HealthX/Check"), "the wildcard covers one service only");
        assertFalse(config.allows("grpc.health.v1.Health"), "a wildcard does not allow a hosted service");
        assertFalse(config.allows("/Check"));
    }

    @Test
    void allowlistIsCopiedAndExtendable() {
        java.util.Set<String> mutable = new java.util.HashSet<>(Set.of("Echo"));
        WasmConfig config = WasmConfig.builder(MODULE).allowedServices(mutable).allowService("VoiceActivityDetector").build();
        mutable.add("Other");
        assertEquals(Set.of("Echo", "VoiceActivityDetector"), config.allowedServices());
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void remoteConfigNeverPrintsTheToken() {
        RemoteConfig remote = RemoteConfig.builder().target("127.0.0.1:50051").authToken("s3cret-token").build();
        assertFalse(remote.toString().contains("s3cret"), remote.toString());
        assertTrue(remote.toString().contains("127.0.0.1:50051"));
        assertEquals(remote, remote.toBuilder().build());
    }

    @Test
    void mutualTlsNeedsBothCertificateAndKey() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteConfig.Tls(java.util.Optional.empty(),
                java.util.Optional.of(Path.of("client.pem")), java.util.Optional.empty(), java.util.Optional.empty()));
    }

    @Test
    void byteSourceIsDefensivelyCopied() {
        byte[] bytes = {0, 'a', 's', 'm'};
        ModuleSource source = ModuleSource.of("m", bytes);
        bytes[0] = 9;
        assertEquals(0, source.bytes()[0]);
    }
}
