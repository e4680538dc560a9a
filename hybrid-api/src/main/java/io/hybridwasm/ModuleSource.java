package io.hybridwasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a WebAssembly module's bytes come from: a file, a byte array, or a class-path
 * resource. Bytes are read when the module is loaded, once per node.
 */
public sealed interface ModuleSource {

    /** The module's binary. Each call reads afresh; callers must not mutate the result. */
    byte[] bytes();

    /** A short human-readable name, used in error messages. */
    String name();

    static ModuleSource of(Path path) {
        return new FromPath(path);
    }

    /** The array is copied, so later changes to it do not affect the module. */
    static ModuleSource of(String name, byte[] bytes) {
        return new FromBytes(name, bytes.clone());
    }

    /** A resource resolved against {@code loader}, e.g. {@code "modules/vad.wasm"}. */
    static ModuleSource ofResource(String resource, ClassLoader loader) {
        return new FromResource(resource, loader);
    }

    /** A module in a file. */
    record FromPath(Path path) implements ModuleSource {
        public FromPath {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public byte[] bytes() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new ModuleLoadException("cannot read module " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String name() {
            return path.toString();
        }
    }

    /** A module held in memory. */
    record FromBytes(String name, byte[] binary) implements ModuleSource {
        public FromBytes {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(binary, "binary");
        }

        @Override
        public byte[] bytes() {
            return binary.clone();
        }
    }

    /** A module on the class path. */
    record FromResource(String resource, ClassLoader loader) implements ModuleSource {
        public FromResource {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(loader, "loader");
        }

        @Override
        public byte[] bytes() {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModuleLoadException("no class-path resource " + resource);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String name() {
            return "classpath:" + resource;
        }
    }
}
