package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One clip of a corpus directory: {@code NAME.wav} (16 kHz mono) or {@code NAME.f32} (raw
 * little-endian float32, 16 kHz mono) and the speech labels of {@code NAME.txt}. The file name
 * is what verdicts and reports call the clip.
 */
public record LabelledClip(String file, float[] samples, List<Label> labels) {

    /** Every {@code *.wav} and {@code *.f32} in {@code dir} with its labels, in name order; refuses a clip without labels. */
    public static List<LabelledClip> loadAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--corpus " + dir + ": not a directory");
        }
        List<Path> wavs;
        try (Stream<Path> files = Files.list(dir)) {
            wavs = files.filter(p -> p.getFileName().toString().matches(".*\\.(wav|f32)")).sorted().toList();
        }
        if (wavs.isEmpty()) {
            throw new IllegalArgumentException("--corpus " + dir + ": no .wav or .f32 files");
        }
        List<LabelledClip> clips = new ArrayList<>();
        for (Path wav : wavs) {
            String name = wav.getFileName().toString();
            Path labels = dir.resolve(name.substring(0, name.length() - 4) + ".txt");
            if (!Files.isRegularFile(labels)) {
                throw new IllegalArgumentException(wav + ": no label track " + labels.getFileName()
                        + " (Audacity labels, start<TAB>end<TAB>label)");
            }
            float[] samples = name.endsWith(".wav") ? WavFile.read16kMono(wav) : readFloat32(wav);
            clips.add(new LabelledClip(name, samples, Label.read(labels)));
        }
        return clips;
    }

    private static float[] readFloat32(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(file + ": " + bytes.length + " bytes is not a whole number of float32 samples");
        }
        float[] samples = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
        return samples;
    }

    /** Length in seconds. */
    public double seconds() {
        return (double) samples.length / WavFile.SAMPLE_RATE;
    }
}
