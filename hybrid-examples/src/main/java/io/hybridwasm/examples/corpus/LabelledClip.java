package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One clip of a corpus directory: {@code NAME.wav} (16 kHz mono) and the speech labels of
 * {@code NAME.txt}. The file name is what verdicts and reports call the clip.
 */
public record LabelledClip(String file, float[] samples, List<Label> labels) {

    /** Every {@code *.wav} in {@code dir} with its labels, in name order; refuses a clip without labels. */
    public static List<LabelledClip> loadAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--corpus " + dir + ": not a directory");
        }
        List<Path> wavs;
        try (Stream<Path> files = Files.list(dir)) {
            wavs = files.filter(p -> p.getFileName().toString().endsWith(".wav")).sorted().toList();
        }
        if (wavs.isEmpty()) {
            throw new IllegalArgumentException("--corpus " + dir + ": no .wav files");
        }
        List<LabelledClip> clips = new ArrayList<>();
        for (Path wav : wavs) {
            String name = wav.getFileName().toString();
            Path labels = dir.resolve(name.substring(0, name.length() - 4) + ".txt");
            if (!Files.isRegularFile(labels)) {
                throw new IllegalArgumentException(wav + ": no label track " + labels.getFileName()
                        + " (Audacity labels, start<TAB>end<TAB>label)");
            }
            clips.add(new LabelledClip(name, WavFile.read16kMono(wav), Label.read(labels)));
        }
        return clips;
    }

    /** Length in seconds. */
    public double seconds() {
        return (double) samples.length / WavFile.SAMPLE_RATE;
    }
}
