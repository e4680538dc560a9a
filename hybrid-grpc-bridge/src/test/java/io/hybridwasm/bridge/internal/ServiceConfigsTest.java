package io.hybridwasm.bridge.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceConfigsTest {
    @Test
    void parsesIntoTheShapesGrpcTakesWithNumbersAsDoubles() {
        Map<String, ?> config = ServiceConfigs.parse("""
                {"methodConfig": [{"name": [{"service": "a.B"}], "waitForReady": true,
                                   "retryPolicy": {"maxAttempts": 3}}]}""");
        Map<?, ?> method = (Map<?, ?>) ((List<?>) config.get("methodConfig")).get(0);
        assertEquals(List.of(Map.of("service", "a.B")), method.get("name"));
        assertEquals(true, method.get("waitForReady"));
        assertEquals(3.0, ((Map<?, ?>) method.get("retryPolicy")).get("maxAttempts"));
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedSayingSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfigs.parse("[1]"));
        assertTrue(e.getMessage().startsWith("service config is not a JSON object"), e.getMessage());
    }

    @Test
    void aConfigGrpcCannotUseIsRefusedWithGrpcsReason() {
        ServiceConfigs.check("""
                {"methodConfig": [{"name": [{"service": "a.B"}], "retryPolicy": {"maxAttempts": 3,
                  "initialBackoff": "0.1s", "maxBackoff": "1s", "backoffMultiplier": 2,
                  "retryableStatusCodes": ["UNAVAILABLE"]}}]}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceConfigs.check("""
                {"methodConfig": [{"name": [{"service": "a.B"}], "retryPolicy": {"maxAttempts": 3}}]}"""));
        assertTrue(e.getMessage().startsWith("gRPC rejects the service config"), e.getMessage());
    }
}
