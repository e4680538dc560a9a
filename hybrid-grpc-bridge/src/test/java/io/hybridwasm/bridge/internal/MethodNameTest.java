package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodNameTest {
    @Test
    void aNameWithASlashIsAMethodAndPlusProtoAsksForRawProtobuf() {
        assertFalse(MethodName.isMethod("VoiceActivityDetector"));
        assertTrue(MethodName.isMethod("inventory.v1.Stock/Reserve"));
        assertEquals(new MethodName("inventory.v1.Stock", "Reserve", false), MethodName.parse("inventory.v1.Stock/Reserve"));
        MethodName raw = MethodName.parse("inventory.v1.Stock/Reserve+proto");
        assertEquals(new MethodName("inventory.v1.Stock", "Reserve", true), raw);
        assertEquals("inventory.v1.Stock/Reserve", raw.fullName());
        assertEquals("inventory.v1.Stock/Reserve+proto", raw.toString());
    }

    @Test
    void aMalformedMethodNameIsAnUnknownServiceNamingIt() {
        for (String bad : new String[] {"/Reserve", "inventory.v1.Stock/", "a/b/c", "/", "Stock/+proto"}) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> MethodName.parse(bad), bad);
            assertEquals(HostStatus.UNKNOWN_SERVICE, e.status());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
