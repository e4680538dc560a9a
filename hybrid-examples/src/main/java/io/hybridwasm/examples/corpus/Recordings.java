package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Real recordings shipped by Debian packages under a sounds directory ({@code /usr/share/sounds}):
 * human voice prompts from {@code alsa-utils} ({@code alsa/*.wav} but {@code Noise.wav}) and
 * {@code sound-theme-freedesktop} ({@code freedesktop/stereo/audio-channel-*.oga}), and that
 * theme's other sounds (bells, ring tones, chimes) as non-speech alerts. Everything is decoded
 * by {@code sox} to 16 kHz mono floats once per directory and kept.
 */
final class Recordings {
    private static final Map<Path, Recordings> LOADED = new ConcurrentHashMap<>();

    private final List<Sound> speech;
    private final List<Sound> alerts;

    /** One decoded file: where it came from ({@code alsa/Front_Left}) and its 16 kHz samples. */
    record Sound(String name, float[] samples) {
    }

    private Recordings(List<Sound> speech, List<Sound> alerts) {
        this.speech = speech;
        this.alerts = alerts;
    }

    /** The recordings under {@code root}, decoded on first use; names the package to install when a part is missing. */
    static Recordings in(Path root) throws IOException {
        Recordings known = LOADED.get(root);
        if (known != null) {
            return known;
        }
        synchronized (LOADED) {
            known = LOADED.get(root);
            if (known == null) {
                known = load(root);
                LOADED.put(root, known);
            }
            return known;
        }
    }

    List<Sound> speech() {
        return speech;
    }

    List<Sound> alerts() {
        return alerts;
    }

    private static Recordings load(Path root) throws IOException {
        Path alsa = root.resolve("alsa");
        Path theme = root.resolve("freedesktop").resolve("stereo");
        List<Path> prompts = list(alsa, name -> name.endsWith(".wav") && !name.equals("Noise.wav"), "alsa-utils");
        List<Path> channels = list(theme, name -> name.startsWith("audio-channel-") && name.endsWith(".oga"),
                "sound-theme-freedesktop");
        List<Path> others = list(theme, name -> !name.startsWith("audio-") && name.endsWith(".oga"),
                "sound-theme-freedesktop");
        List<Sound> speech = new ArrayList<>();
        for (Path p : Stream.concat(prompts.stream(), channels.stream()).toList()) {
            speech.add(decode(root, p));
        }
        List<Sound> alerts = new ArrayList<>();
        for (Path p : others) {
            alerts.add(decode(root, p));
        }
        return new Recordings(List.copyOf(speech), List.copyOf(alerts));
    }

    private static List<Path> list(Path dir, Predicate<String> wanted, String debianPackage) throws IOException {
        List<Path> files = List.of();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.list(dir)) {
                files = all.filter(p -> wanted.test(p.getFileName().toString())).sorted().toList();
            }
        }
        if (files.isEmpty()) {
            throw new IOException(dir + ": no recordings there (install the Debian package " + debianPackage + ")");
        }
        return files;
    }

    /** {@code sox FILE -t raw -e floating-point -b 32 -L -c 1 -r 16000 -}: decodes WAV or Ogg Vorbis, downmixes, resamples. */
    private static Sound decode(Path root, Path file) throws IOException {
        List<String> command = List.of("sox", "-V1", file.toString(), "-t", "raw", "-e", "floating-point", "-b", "32",
                "-L", "-c", "1", "-r", Integer.toString(WavFile.SAMPLE_RATE), "-");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("sox not found on PATH (install the Debian package sox): " + e.getMessage(), e);
        }
        byte[] raw;
        try (InputStream in = process.getInputStream()) {
            raw = in.readAllBytes();
        }
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("sox could not decode " + file + " (exit status " + exit
                        + "; Ogg Vorbis needs the Debian package libsox-fmt-base)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sox", e);
        }
        float[] samples = new float[raw.length / Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
        String name = root.relativize(file).toString().replace('\\', '/');
        name = name.replace("freedesktop/stereo/", "freedesktop/");
        return new Sound(name.substring(0, name.lastIndexOf('.')), samples);
    }
}
