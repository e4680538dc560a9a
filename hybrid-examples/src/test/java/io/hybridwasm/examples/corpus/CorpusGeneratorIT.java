package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus generator with the real espeak-ng: deterministic, readable back, tightly labelled. */
class CorpusGeneratorIT {
    private static final int[] CLIPS = {3, 8}; // babble at 20 dB, clean

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        CorpusGenerator generator = CorpusGenerator.builder().seed(13).only(CLIPS).duration(Duration.ofSeconds(5)).build();
        List<CorpusGenerator.Clip> first = generator.generate(dir.resolve("a"));
        generator.generate(dir.resolve("b"));
        for (CorpusGenerator.Clip clip : first) {
            for (String ext : List.of(".wav", ".txt")) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(clip.name() + ext)),
                        Files.readAllBytes(dir.resolve("b").resolve(clip.name() + ext)), clip.name() + ext);
            }
        }
    }

    @Test
    void cleanSpeechIsLabelledFromItsFirstToItsLastSoundAndNothingElse() throws IOException {
        CorpusGenerator.builder().seed(13).only(CLIPS).duration(Duration.ofSeconds(5)).build().generate(dir);
        List<LabelledClip> clips = LabelledClip.loadAll(dir);
        assertEquals(List.of("s13-003-babble-20dB.wav", "s13-008-clean.wav"), clips.stream().map(LabelledClip::file).toList());
        LabelledClip clean = clips.get(1);
        assertEquals(5.0, clean.seconds());
        assertFalse(clean.labels().isEmpty());
        double previousEnd = 0;
        for (Label l : clean.labels()) {
            assertTrue(l.start() >= previousEnd && l.end() <= clean.seconds(), "labels in order, inside the clip: " + l);
            previousEnd = l.end();
            assertTrue(dbfs(clean.samples(), l.start(), l.end()) > -55, "speech inside " + l);
            assertTrue(dbfs(clean.samples(), l.start() - 0.03, l.start()) < -60, "silence just before " + l);
            assertTrue(dbfs(clean.samples(), l.end(), l.end() + 0.03) < -60, "silence just after " + l);
        }
    }

    private static double dbfs(float[] x, double from, double to) {
        int a = Math.max(0, (int) Math.round(from * WavFile.SAMPLE_RATE));
        int b = Math.min(x.length, (int) Math.round(to * WavFile.SAMPLE_RATE));
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += x[i] * x[i];
        }
        return b > a ? 10 * Math.log10(sum / (b - a) + 1e-20) : -200;
    }
}
