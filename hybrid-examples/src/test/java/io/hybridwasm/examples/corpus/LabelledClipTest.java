package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledClipTest {
    @TempDir
    Path dir;

    @Test
    void readsWavAndRawFloatClipsWithTheirLabelsInNameOrder() throws IOException {
        float[] samples = {0.5f, -0.25f, 0.125f, 0f};
        Files.write(dir.resolve("b.f32"), TestSignal.toPcm(samples));
        WavFile.write16(dir.resolve("a.wav"), samples, 16_000);
        Label.write(dir.resolve("a.txt"), List.of(new Label(0.5, 1.25)));
        Files.writeString(dir.resolve("b.txt"), "0.1\t0.2\tspeech\n\\t1\t2\n");
        Files.writeString(dir.resolve("notes.md"), "ignored");

        List<LabelledClip> clips = LabelledClip.loadAll(dir);
        assertEquals(List.of("a.wav", "b.f32"), clips.stream().map(LabelledClip::file).toList());
        assertEquals(List.of(new Label(0.5, 1.25)), clips.get(0).labels());
        assertArrayEquals(samples, clips.get(1).samples());
        assertEquals(List.of(new Label(0.1, 0.2)), clips.get(1).labels(), "Audacity's spectral lines are skipped");
    }

    @Test
    void refusesWhatItCannotUseNamingTheFile() throws IOException {
        Files.write(dir.resolve("a.f32"), new byte[6]);
        Files.writeString(dir.resolve("a.txt"), "");
        assertMessage(dir.resolve("a.f32") + ": 6 bytes is not a whole number of float32 samples");

        Files.delete(dir.resolve("a.txt"));
        assertMessage(dir.resolve("a.f32") + ": no label track a.txt");

        Files.delete(dir.resolve("a.f32"));
        assertMessage("--corpus " + dir + ": no .wav or .f32 files");

        Files.write(dir.resolve("c.f32"), new byte[8]);
        Files.writeString(dir.resolve("c.txt"), "one\ttwo\tspeech\n");
        assertMessage(dir.resolve("c.txt") + ":1: expected start<TAB>end<TAB>label in seconds");
    }

    private void assertMessage(String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelledClip.loadAll(dir));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
