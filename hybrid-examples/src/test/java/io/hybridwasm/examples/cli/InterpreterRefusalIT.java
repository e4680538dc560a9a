package io.hybridwasm.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without the Graal JIT flags (the common embedding mistake) would interpret
 * guests ~100x slower with only a warning; the CLI refuses instead, unless told otherwise.
 */
class InterpreterRefusalIT {
    @TempDir
    Path dir;

    @Test
    void cliRefusesToRunInterpretedUnlessAllowed() throws Exception {
        Path silence = dir.resolve("silence.f32");
        Files.write(silence, new byte[64_000]);
        List<String> run = List.of("run", "../wasm-src/modules/intelligent_vad.wasm", "--input", silence.toString());

        Process refused = startWithoutJit(run);
        String refusedErr = new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(HybridCli.EXIT_HYBRID, refused.exitValue(), refusedErr);
        assertTrue(refusedErr.contains("EnableJVMCI") && refusedErr.contains("upgrade-module-path"), refusedErr);

        List<String> allowed = new ArrayList<>(run);
        allowed.addAll(List.of("--allow-interpreter", "--timeout", "60s"));
        Process ran = startWithoutJit(allowed);
        String out = new String(ran.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ran.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, ran.exitValue(), out);
        assertTrue(out.startsWith("{\"is_speech\":false"), out);
    }

    private static Process startWithoutJit(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), HybridCli.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(false).start();
    }
}
