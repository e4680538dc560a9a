package io.hybridwasm.examples.cli;

import io.hybridwasm.spi.HostFunctionProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds a plugin the way a third party would (its own source, compiled against hybrid-api with
 * the auto-service processor, packed into a jar of its own) and runs a guest that imports the
 * plugin's function through {@code hybrid run --plugins}.
 */
class ThirdPartyPluginIT {
    private static final Path PLUGIN_SOURCE = Path.of("src/test/plugin-src");
    private static final Path GUEST = Path.of("src/test/resources/wasm/plugin_caller.wasm");

    @TempDir
    static Path work;
    static Path pluginDir;

    @BeforeAll
    static void buildPluginJar() throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> sources;
        try (Stream<Path> files = Files.walk(PLUGIN_SOURCE)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("java.class.path");
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath,
                "-processorpath", classPath, "--release", "25"));
        args.addAll(sources);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        Path registration = classes.resolve("META-INF/services/" + HostFunctionProvider.class.getName());
        assertEquals("com.example.upper.UpperCasePlugin", Files.readString(registration).strip(),
                "auto-service must have registered the provider");

        pluginDir = Files.createDirectories(work.resolve("plugins"));
        try (OutputStream file = Files.newOutputStream(pluginDir.resolve("upper-plugin.jar"));
             JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> entries = Files.walk(classes)) {
            for (Path p : entries.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    @Test
    void guestCallsThePluginFunctionThroughHybridRun() throws IOException {
        Path input = Files.writeString(work.resolve("input.txt"), "hello from a plugin");
        Result result = run("run", GUEST.toString(), "--input", input.toString(), "--plugins", pluginDir.toString());
        assertEquals(0, result.exit, result.err);
        assertEquals("HELLO FROM A PLUGIN", result.out);
    }

    @Test
    void withoutThePluginTheImportIsReportedByName() throws IOException {
        Path input = Files.writeString(work.resolve("input2.txt"), "x");
        Result result = run("run", GUEST.toString(), "--input", input.toString());
        assertEquals(HybridCli.EXIT_HYBRID, result.exit);
        assertTrue(result.err.contains("text.upper") && result.err.contains("(i32, i32) -> i32"), result.err);
        assertEquals(1, result.err.strip().lines().count(), "one clear line: " + result.err);
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HybridCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
