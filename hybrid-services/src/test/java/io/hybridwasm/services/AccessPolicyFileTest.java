package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessPolicyFileTest {

    private static String parseError(String source, String... lines) {
        return assertThrows(IllegalArgumentException.class, () -> AccessPolicyFile.parse(List.of(lines), source))
                .getMessage();
    }

    @Test
    void readsGrantsSkippingCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, """
                # Hybrid access policy
                
                vad-front-end-token   VoiceActivityDetector
                  # indented comment
                echo-and-sleep-token Echo, Sleep ,SessionCounter
                operator-token *
                """);
        AccessPolicy policy = AccessPolicy.fromFile(file);
        assertEquals(3, policy.grants().size());
        assertEquals(Set.of("VoiceActivityDetector"), policy.authenticate("vad-front-end-token").orElseThrow().services());
        assertEquals(Set.of("Echo", "Sleep", "SessionCounter"),
                policy.authenticate("echo-and-sleep-token").orElseThrow().services());
        assertTrue(policy.authenticate("operator-token").orElseThrow().allows("Anything"));
        assertTrue(policy.authenticate("#").isEmpty());
    }

    @Test
    void aTokenWithoutServicesNamesItsLineButNotTheToken() {
        String message = parseError("tokens.txt", "# header", "", "good-token Echo", "lonely-secret-token");
        assertTrue(message.startsWith("tokens.txt:4: expected '<token> <service>[,<service>...]' or '<token> *'"),
                message);
        assertFalse(message.contains("lonely-secret-token"), message);
    }

    @Test
    void malformedServiceListsNameTheirLine() {
        assertTrue(parseError("f", "t1 Echo,,Sleep").startsWith("f:1: this line has an invalid service name ''"));
        assertTrue(parseError("f", "t1 Echo Sleep").startsWith("f:1: this line has an invalid service name 'Echo Sleep'"));
        assertTrue(parseError("f", "", "t1 *,Echo").startsWith("f:2: this line mixes \"*\""));
        String nonAscii = parseError("f", "tökén Echo");
        assertTrue(nonAscii.startsWith("f:1: the token of this line must be visible ASCII"), nonAscii);
        assertFalse(nonAscii.contains("tökén"), nonAscii);
    }

    @Test
    void aRepeatedTokenNamesBothLines() {
        String message = parseError("f", "shared-secret Echo", "other Sleep", "shared-secret Sleep");
        assertEquals("f:3: repeats the token of line 1", message);
    }

    @Test
    void aFileWithoutGrantsIsRefused() {
        assertEquals("empty.txt grants no token; add lines '<token> <service>[,<service>...]' or '<token> *'",
                parseError("empty.txt", "# nothing yet", ""));
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> AccessPolicy.fromFile(dir.resolve("absent")));
    }
}
