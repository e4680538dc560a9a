package io.hybridwasm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.HybridServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hybrid serve} hosts Sleep and Fail only when given {@code --diagnostics}, and says what it hosts. */
class ServeDiagnosticsIT {

    private static List<String> hosted(String... args) throws IOException {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ServeCommand serve = new ServeCommand(new PrintStream(banner, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs(args);
        try (HybridServer server = serve.start()) {
            List<String> names = server.registry().names();
            assertTrue(banner.toString(StandardCharsets.UTF_8).contains(names.toString()), banner.toString());
            return names;
        }
    }

    @Test
    void diagnosticServicesOnlyWithTheFlag() throws IOException {
        List<String> plain = hosted("--port", "0");
        assertTrue(plain.contains("Echo"), plain.toString());
        assertFalse(plain.contains("Sleep") || plain.contains("Fail"), plain.toString());
        List<String> diagnostics = hosted("--port", "0", "--diagnostics");
        assertTrue(diagnostics.containsAll(List.of("Echo", "Sleep", "Fail")), diagnostics.toString());
    }
}
