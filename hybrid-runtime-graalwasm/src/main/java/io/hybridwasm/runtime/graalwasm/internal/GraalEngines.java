package io.hybridwasm.runtime.graalwasm.internal;

import org.graalvm.polyglot.Engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Creating the shared GraalWasm engine and telling whether it compiles. Without the JVM flags
 * that put the Graal compiler on the upgrade module path, Truffle silently falls back to an
 * interpreter about a hundred times slower; {@link #MISSING_JIT} says how to fix that.
 */
public final class GraalEngines {
    /** What Truffle reports as implementation name when it cannot compile. */
    static final String INTERPRETED = "Interpreted";

    public static final String JIT_FLAGS = "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "
            + "--upgrade-module-path=<dir with org.graalvm.compiler:compiler, org.graalvm.sdk:collections, "
            + "org.graalvm.sdk:word and org.graalvm.truffle:truffle-compiler jars>";

    public static final String MISSING_JIT = "GraalWasm would run guests in the interpreter, about 100x slower: the Graal JIT "
            + "is not available in this JVM. Start the JVM with " + JIT_FLAGS + ", all at the polyglot version "
            + version() + ", with the application on the class path (the Hybrid build copies the jars to "
            + "hybrid-runtime-graalwasm/target/jit). To run interpreted anyway, allow it explicitly "
            + "(RuntimeOptions.withAllowInterpreter(true), or --allow-interpreter in the CLI).";

    private GraalEngines() {
    }

    /**
     * @param compilation      false forces the interpreter ({@code engine.Compilation=false})
     * @param allowInterpreter whether the user allowed the interpreter, which silences its warning
     */
    public static Engine create(boolean compilation, boolean allowInterpreter) {
        Engine.Builder builder = Engine.newBuilder("wasm").allowExperimentalOptions(true);
        if (!compilation) {
            builder.option("engine.Compilation", "false");
        }
        if (allowInterpreter || !compilation) {
            builder.option("engine.WarnInterpreterOnly", "false");
        }
        return builder.build();
    }

    /** Whether guest code in {@code engine} gets compiled. */
    public static boolean compiles(Engine engine, boolean compilation) {
        return compilation && !INTERPRETED.equals(engine.getImplementationName());
    }

    /** The GraalVM polyglot version on the class path, e.g. {@code 25.0.2}. */
    public static String version() {
        try (InputStream in = Engine.class.getResourceAsStream("/META-INF/graalvm/org.graalvm.polyglot/version")) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            // fall through to the package metadata
        }
        String version = Engine.class.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
