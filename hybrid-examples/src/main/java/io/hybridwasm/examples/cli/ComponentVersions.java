package io.hybridwasm.examples.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * {@code hybrid --version}: the versions of Hybrid, GraalVM (polyglot and GraalWasm) and
 * gRPC actually on the class path, read from the jars' metadata at run time so a dependency
 * upgrade can never leave the line stale.
 */
final class ComponentVersions implements IVersionProvider {
    private static final String UNKNOWN = "unknown";

    @Override
    public String[] getVersion() {
        ClassLoader loader = ComponentVersions.class.getClassLoader();
        return new String[] {
            "hybrid " + hybridVersion(loader),
            "GraalVM polyglot " + manifestSection(loader, "polyglot")
                    + ", GraalWasm " + manifestSection(loader, "wasm-language"),
            "gRPC " + orUnknown(io.grpc.ManagedChannel.class.getPackage().getImplementationVersion()),
            "Java " + Runtime.version()};
    }

    private static String hybridVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/io.hybridwasm/hybrid-examples/pom.properties")) {
            if (in == null) {
                return "(development build: classes, not a jar)";
            }
            Properties pom = new Properties();
            pom.load(in);
            return orUnknown(pom.getProperty("version"));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Implementation-Version of the jar whose manifest is named {@code name} (GraalVM's jars are). */
    private static String manifestSection(ClassLoader loader, String name) {
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Manifest manifest = new Manifest(in);
                    // GraalVM writes "Name: polyglot" among the main attributes, not as a section.
                    Attributes main = manifest.getMainAttributes();
                    Attributes section = name.equals(main.getValue("Name")) ? main : manifest.getAttributes(name);
                    if (section != null && section.getValue(Attributes.Name.IMPLEMENTATION_VERSION) != null) {
                        return section.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                    }
                }
            }
        } catch (IOException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static String orUnknown(String version) {
        return version == null ? UNKNOWN : version;
    }
}
