package io.hybridwasm.services.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.builtin.Echo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps services independent of the transport: no class of the SPI or of the built-in
 * services refers to gRPC, protobuf or Netty (checked in the compiled class files, so any use
 * counts, not only signatures).
 */
class SpiIsTransportFreeTest {

    private static final List<String> FORBIDDEN = List.of("io/grpc/", "com/google/protobuf/", "io/netty/");

    @ParameterizedTest
    @ValueSource(strings = {"io/hybridwasm/services/spi", "io/hybridwasm/services/builtin"})
    void classesReferNoTransportType(String packageDir) throws IOException, URISyntaxException {
        Path classes = Path.of(Echo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = classes.resolve(packageDir);
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                checked++;
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String prefix : FORBIDDEN) {
                    if (constants.contains(prefix)) {
                        offenders.add(file.getFileName() + " uses " + prefix);
                    }
                }
            }
        }
        assertTrue(checked >= 5, "found only " + checked + " classes in " + dir);
        assertEquals(List.of(), offenders);
    }
}
