package io.hybridwasm.examples.bench;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.examples.audio.TestSignal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a guest benchmark runs: a module, its entry function and the inputs to time. By default
 * the committed {@code intelligent_vad} guest's {@code process} on 1 s (64 000 B) and 20 ms
 * (1 280 B) of synthetic speech; any module, entry and input file can replace them so a
 * benchmark can be rerun on a new build of a guest.
 *
 * @param name   module name, for printing
 * @param binary the module's bytes
 * @param entry  the entry function
 * @param inputs the inputs, each timed separately
 */
public record GuestWorkload(String name, byte[] binary, String entry, List<byte[]> inputs) {
    static final String DEFAULT_GUEST = "modules/intelligent_vad.wasm";

    /**
     * @param module null for the committed VAD guest
     * @param input  null for 64 000 B and 1 280 B of speech
     */
    public static GuestWorkload of(Path module, String entry, Path input) {
        byte[] binary = module == null ? defaultGuest() : read(module, "--module");
        String name = module == null ? "intelligent_vad.wasm" : module.getFileName().toString();
        List<byte[]> inputs = input == null
                ? List.of(TestSignal.SPEECH.pcm(1.0, 42), TestSignal.SPEECH.pcm(0.02, 42))
                : List.of(read(input, "--input"));
        return new GuestWorkload(name, binary, entry, inputs);
    }

    public ModuleSource source() {
        return ModuleSource.of(name, binary);
    }

    private static byte[] defaultGuest() {
        try {
            return ModuleSource.ofResource(DEFAULT_GUEST, GuestWorkload.class.getClassLoader()).bytes();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the committed guest " + DEFAULT_GUEST + " is not on the class path", e);
        }
    }

    private static byte[] read(Path file, String flag) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(flag + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
