package io.hybridwasm.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of third-party jars whose service providers extend Hybrid: every {@code *.jar}
 * in it goes into one class loader, child of the application's, which discovery then searches.
 */
final class PluginDirectory {
    private PluginDirectory() {
    }

    static ClassLoader loader(Path dir, ClassLoader parent) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--plugins " + dir + " is not a directory");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --plugins " + dir, e);
        }
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("--plugins " + dir + " holds no .jar files");
        }
        return new URLClassLoader("hybrid-plugins", jars.toArray(URL[]::new), parent);
    }
}
