package io.hybridwasm.bridge.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gRPC services described by a node's descriptor sets ({@code RemoteConfig.descriptorSets},
 * files written by {@code protoc --include_imports --descriptor_set_out}), read and checked once,
 * when the node loads. A file given earlier wins when two describe the same {@code .proto} file.
 * Immutable and thread-safe.
 */
public final class DescriptorSets {
    /** No descriptor set: every method's schema comes from server reflection. */
    public static final DescriptorSets NONE = new DescriptorSets(List.of(), Map.of());

    private final List<Path> files;
    private final Map<String, ServiceSchema> services;

    private DescriptorSets(List<Path> files, Map<String, ServiceSchema> services) {
        this.files = files;
        this.services = services;
    }

    /**
     * Reads and links {@code files}.
     *
     * @throws IllegalArgumentException naming the file, when one cannot be read, is not a
     *                                  descriptor set, or imports a {@code .proto} no set contains
     */
    public static DescriptorSets load(List<Path> files) {
        if (files.isEmpty()) {
            return NONE;
        }
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        Map<String, Path> origin = new HashMap<>();
        for (Path file : files) {
            FileDescriptorSet set = read(file);
            for (FileDescriptorProto proto : set.getFileList()) {
                if (protos.putIfAbsent(proto.getName(), proto) == null) {
                    origin.put(proto.getName(), file);
                }
            }
        }
        Map<String, Descriptors.FileDescriptor> built = ProtoFiles.link(protos, name -> "descriptor set " + origin.get(name));
        Map<String, ServiceSchema> services = new LinkedHashMap<>();
        for (String name : protos.keySet()) {
            built.get(name).getServices().forEach(s -> services.putIfAbsent(s.getFullName(), new ServiceSchema(s)));
        }
        return new DescriptorSets(List.copyOf(files), Map.copyOf(services));
    }

    /** The service's schema, if a descriptor set describes it. */
    public Optional<ServiceSchema> service(String fullName) {
        return Optional.ofNullable(services.get(fullName));
    }

    /** The files, for messages. */
    public List<Path> files() {
        return files;
    }

    private static FileDescriptorSet read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("descriptor set " + file + ": cannot read it (" + e + ")", e);
        }
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("descriptor set " + file + ": not a protobuf FileDescriptorSet ("
                    + e.getMessage() + "); write one with protoc --include_imports --descriptor_set_out=FILE", e);
        }
        if (set.getFileCount() == 0 || set.getFileList().stream().anyMatch(f -> f.getName().isEmpty())) {
            throw new IllegalArgumentException("descriptor set " + file + ": not a protobuf FileDescriptorSet"
                    + " (it describes no named .proto file); write one with protoc --include_imports"
                    + " --descriptor_set_out=FILE");
        }
        return set;
    }
}
