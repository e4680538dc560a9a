package io.hybridwasm.bridge.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Links {@code .proto} file descriptors, as a descriptor set or a reflection service delivers
 * them, into usable {@link Descriptors.FileDescriptor}s, each after its imports. Stateless.
 */
final class ProtoFiles {
    private ProtoFiles() {
    }

    /**
     * Every file of {@code protos}, linked.
     *
     * @param source where a file came from, for messages (e.g. {@code "descriptor set /x.pb"})
     * @throws IllegalArgumentException a file imports one that is missing, imports itself, or is invalid
     */
    static Map<String, Descriptors.FileDescriptor> link(Map<String, FileDescriptorProto> protos,
                                                       Function<String, String> source) {
        Map<String, Descriptors.FileDescriptor> built = new HashMap<>();
        for (String name : protos.keySet()) {
            build(name, protos, source, built, new ArrayList<>());
        }
        return built;
    }

    private static Descriptors.FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
                                                    Function<String, String> source,
                                                    Map<String, Descriptors.FileDescriptor> built, List<String> path) {
        Descriptors.FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        if (path.contains(name)) {
            throw new IllegalArgumentException(source.apply(name) + ": " + name + " imports itself through "
                    + String.join(" -> ", path));
        }
        FileDescriptorProto proto = protos.get(name);
        path.add(name);
        List<Descriptors.FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            if (!protos.containsKey(dependency)) {
                throw new IllegalArgumentException(source.apply(name) + ": " + name + " imports " + dependency
                        + ", which is not there (a descriptor set must be written with protoc --include_imports)");
            }
            dependencies.add(build(dependency, protos, source, built, path));
        }
        path.remove(path.size() - 1);
        try {
            Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(proto,
                    dependencies.toArray(Descriptors.FileDescriptor[]::new));
            built.put(name, file);
            return file;
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException(source.apply(name) + ": " + name + " is invalid: " + e.getMessage(), e);
        }
    }
}
