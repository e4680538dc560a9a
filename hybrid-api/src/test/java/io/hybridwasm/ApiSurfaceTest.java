package io.hybridwasm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the stable API free of engine and transport types (house rule 2). */
class ApiSurfaceTest {
    private static final List<String> FORBIDDEN = List.of("org.graalvm", "io.grpc", "io.netty", "com.google.protobuf");

    @Test
    void publicSignaturesReferenceOnlyTheJdkAndTheApi() throws Exception {
        List<Class<?>> classes = apiClasses();
        assertFalse(classes.isEmpty(), "found no API classes to check");
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            List<Type> types = new ArrayList<>();
            types.add(c.getGenericSuperclass());
            types.addAll(List.of(c.getGenericInterfaces()));
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                    types.add(m.getGenericReturnType());
                    types.addAll(List.of(m.getGenericParameterTypes()));
                    types.addAll(List.of(m.getGenericExceptionTypes()));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())) {
                    types.addAll(List.of(k.getGenericParameterTypes()));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    types.add(f.getGenericType());
                }
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    types.add(rc.getGenericType());
                }
            }
            for (Type t : types) {
                if (t == null) {
                    continue;
                }
                String name = t.getTypeName();
                for (String bad : FORBIDDEN) {
                    if (name.contains(bad)) {
                        leaks.add(c.getName() + " exposes " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void moduleInfoRequiresNothingButJavaBase() throws IOException {
        String descriptor = Files.readString(Path.of("src/main/java/module-info.java"));
        assertTrue(descriptor.contains("module io.hybridwasm"), descriptor);
        assertFalse(descriptor.contains("requires"), "module-info must require nothing but java.base:\n" + descriptor);
    }

    private static List<Class<?>> apiClasses() throws URISyntaxException, IOException {
        Path root = Path.of(HostStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .filter(n -> !n.equals("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .map(ApiSurfaceTest::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
