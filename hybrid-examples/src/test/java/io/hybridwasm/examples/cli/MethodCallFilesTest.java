package io.hybridwasm.examples.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MethodCallFilesTest {
    @TempDir
    Path dir;

    private String refusal(Runnable check) {
        return assertThrows(IllegalArgumentException.class, check::run).getMessage();
    }

    @Test
    void acceptsADescriptorSetAndRefusesWhatIsNotOne() throws IOException {
        Path set = Files.write(dir.resolve("ok.pb"), FileDescriptorSet.newBuilder()
                .addFile(FileDescriptorProto.newBuilder().setName("a.proto")).build().toByteArray());
        assertEquals(set, MethodCallFiles.descriptorSet("--descriptor-set", set));

        Path empty = Files.write(dir.resolve("empty.pb"), new byte[0]);
        assertEquals("--descriptor-set " + empty + ": the descriptor set describes no .proto file",
                refusal(() -> MethodCallFiles.descriptorSet("--descriptor-set", empty)));
        assertEquals("--descriptor-set " + dir + ": is a directory",
                refusal(() -> MethodCallFiles.descriptorSet("--descriptor-set", dir)));
        Path text = Files.writeString(dir.resolve("a.proto"), "syntax = \"proto3\";");
        assertEquals("--descriptor-set " + text + ": not a protobuf descriptor set"
                        + " (write one with protoc --include_imports --descriptor_set_out=FILE)",
                refusal(() -> MethodCallFiles.descriptorSet("--descriptor-set", text)));
    }

    @Test
    void readsAServiceConfigAndRefusesWhatIsNotAJsonObject() throws IOException {
        Path config = Files.writeString(dir.resolve("sc.json"), " {\"methodConfig\":[]}\n");
        assertEquals(" {\"methodConfig\":[]}\n", MethodCallFiles.serviceConfig("--service-config", config));

        Path yaml = Files.writeString(dir.resolve("sc.yaml"), "methodConfig: []");
        assertEquals("--service-config " + yaml + ": not a JSON object (a gRPC service config)",
                refusal(() -> MethodCallFiles.serviceConfig("--service-config", yaml)));
        Path latin1 = Files.write(dir.resolve("sc.bin"), new byte[] {'{', (byte) 0xff, '}'});
        assertEquals("--service-config " + latin1 + ": not UTF-8 text",
                refusal(() -> MethodCallFiles.serviceConfig("--service-config", latin1)));
        assertEquals("--service-config " + dir.resolve("none") + ": no such file",
                refusal(() -> MethodCallFiles.serviceConfig("--service-config", dir.resolve("none"))));
    }
}
