package io.hybridwasm.examples.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files that configure gRPC methods called by name, checked where the command line names
 * them so that a mistake is reported with its flag ({@code --descriptor-set /x.pb: no such
 * file}) rather than later, by the bridge, without it. Failures are
 * {@link IllegalArgumentException}s: bad usage.
 */
final class MethodCallFiles {
    private MethodCallFiles() {
    }

    /** {@code file} if it holds a protobuf {@code FileDescriptorSet} with at least one file. */
    static Path descriptorSet(String flag, Path file) {
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(read(flag, file));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(flag + " " + file + ": not a protobuf descriptor set"
                    + " (write one with protoc --include_imports --descriptor_set_out=FILE)", e);
        }
        if (set.getFileCount() == 0) {
            throw new IllegalArgumentException(flag + " " + file + ": the descriptor set describes no .proto file");
        }
        return file;
    }

    /** The text of {@code file}: UTF-8, not blank (gRPC parses the JSON itself). */
    static String serviceConfig(String flag, Path file) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(read(flag, file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(flag + " " + file + ": not UTF-8 text", e);
        }
        if (!json.strip().startsWith("{")) {
            throw new IllegalArgumentException(flag + " " + file + ": not a JSON object (a gRPC service config)");
        }
        return json;
    }

    private static byte[] read(String flag, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(flag + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
