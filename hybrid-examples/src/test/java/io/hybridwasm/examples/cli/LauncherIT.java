package io.hybridwasm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./hybrid} launcher's copy of the Graal jars with their package lists: made when
 * missing, remade when it no longer matches, and never needed: when it cannot be made the
 * launcher starts on the Maven copies. Likewise its runtime image without the JDK's own Graal
 * compiler (so CDS and {@code run}'s AOT cache work): a JDK without {@code jlink} falls back.
 * Runs the real script on this build ({@code run}, whose refusal to interpret shows the JIT is
 * on, and {@code --version}).
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path INDEXED = ROOT.resolve("hybrid-runtime-graalwasm/target/jit-indexed");
    private static final Path IMAGE = ROOT.resolve("hybrid-runtime-graalwasm/target/jit-runtime");
    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("hybrid").toString()));
        command.addAll(List.of(args.length == 0 ? new String[] {"--version"} : args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HYBRID_NO_BUILD", "1");
        builder.environment().put("HYBRID_JAVA_HOME", JDK.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aDamagedCopyIsRemadeAndAnUnmakeableOneFallsBackToTheMavenJars() throws Exception {
        // run refuses to interpret: a verdict means JVMCI found the compiler in the copy and Truffle compiles.
        Path silence = Files.write(dir.resolve("silence.f32"), new byte[32_000]);
        Result run = launch(Map.of(), "run", ROOT.resolve("wasm-src/modules/intelligent_vad.wasm").toString(),
                "--function", "process", "--input", silence.toString(), "--timeout", "60s");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("{\"is_speech\":false"), run.out());
        assertTrue(Files.isRegularFile(INDEXED.resolve(".key")), "the copy is kept under target/");
        // The JDK ships its own jdk.graal.compiler: the launcher links an image without it, so the
        // compiler goes on the module path (CDS stays on), and trains run's AOT cache once.
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/java")), "the runtime image is kept under target/");
        assertTrue(Files.size(IMAGE.resolve("hybrid-run.aot")) > 1_000_000, "run's AOT cache is made");
        Result cached = launch(Map.of(), "run", ROOT.resolve("wasm-src/modules/intelligent_vad.wasm").toString(),
                "--function", "process", "--input", silence.toString(), "--timeout", "60s");
        Result uncached = launch(Map.of("HYBRID_NO_AOT", "1"), "run", ROOT.resolve("wasm-src/modules/intelligent_vad.wasm").toString(),
                "--function", "process", "--input", silence.toString(), "--timeout", "60s");
        assertEquals(run.out(), cached.out());
        assertEquals("", cached.err(), "a made cache is used silently");
        assertEquals(run.out(), uncached.out());
        Result first = launch(Map.of());
        assertEquals(0, first.exit(), first.err());
        Path compiler;
        try (var jars = Files.newDirectoryStream(INDEXED, "compiler-*.jar")) {
            compiler = jars.iterator().next();
        }

        Files.write(compiler, new byte[1000]);
        Result remade = launch(Map.of());
        assertEquals(0, remade.exit(), remade.err());
        assertTrue(remade.out().startsWith("hybrid "), remade.out());
        assertTrue(Files.size(compiler) > 1_000_000, "a truncated copy is replaced");

        // A JDK whose jar tool fails: the copy cannot be made, the Maven jars are used.
        Path fakeJdk = dir.resolve("jdk");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Files.createSymbolicLink(fakeJdk.resolve("bin/java"), JDK.resolve("bin/java"));
        Path jarTool = Files.writeString(fakeJdk.resolve("bin/jar"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(jarTool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(compiler, new byte[1000]);
        Result fallback = launch(Map.of("HYBRID_JAVA_HOME", fakeJdk.toString()));
        assertEquals(0, fallback.exit(), fallback.err());
        assertEquals(first.out(), fallback.out(), "same versions from the Maven jars");
        assertEquals("", fallback.err());
    }
}
