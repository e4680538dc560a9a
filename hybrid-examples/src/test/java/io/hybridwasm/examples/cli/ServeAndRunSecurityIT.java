package io.hybridwasm.examples.cli;

import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hybrid serve} with a token file and mutual TLS, and {@code hybrid run} reaching it with
 * the matching flags: the command-line side of docs/security.md.
 */
class ServeAndRunSecurityIT {
    private static final String GUEST = "../wasm-src/modules/remote_patterns.wasm";

    @TempDir
    Path dir;

    @Test
    void runReachesATokenAndMutualTlsProtectedServeOnlyWithTheRightCredentials() throws Exception {
        TestCertificates.Bundle certs = TestCertificates.generate(dir);
        Path token = Files.writeString(dir.resolve("token"), "cli-secret-token\n");
        Path wrongToken = Files.writeString(dir.resolve("wrong"), "not-it\n");
        Path input = Files.writeString(dir.resolve("input"), "Echo\nping over mTLS");

        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ServeCommand serve = new ServeCommand(new PrintStream(banner, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs("--port", "0", "--token-file", token.toString(),
                "--tls-cert", certs.server().certificate().toString(), "--tls-key", certs.server().privateKey().toString(),
                "--tls-ca", certs.caCertificate().toString());
        try (HybridServer server = serve.start()) {
            String text = banner.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("client certificates required") && text.contains("bearer token required"), text);
            assertTrue(!text.contains("cli-secret-token"), "the token is never printed: " + text);

            List<String> args = new ArrayList<>(List.of("run", GUEST, "--function", "call_service", "--input", input.toString(),
                    "--allow", "Echo", "--remote", "localhost:" + server.port(), "--deadline", "10s", "--timeout", "15s",
                    "--tls-ca", certs.caCertificate().toString(),
                    "--tls-cert", certs.client().certificate().toString(), "--tls-key", certs.client().privateKey().toString()));

            List<String> right = new ArrayList<>(args);
            right.addAll(List.of("--token-file", token.toString()));
            ThirdPartyPluginIT.Result ok = run(right.toArray(String[]::new));
            assertEquals(0, ok.exit(), ok.err());
            assertEquals("ping over mTLS", ok.out());

            List<String> wrong = new ArrayList<>(args);
            wrong.addAll(List.of("--token-file", wrongToken.toString()));
            ThirdPartyPluginIT.Result refused = run(wrong.toArray(String[]::new));
            assertEquals(HybridCli.EXIT_HYBRID, refused.exit());
            assertTrue(refused.err().contains("-7"), refused.err());
            assertTrue(!refused.err().contains("not-it"), refused.err());
        }
    }
}
