package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus generator with the real espeak-ng, sox and the Debian sound packages:
 * deterministic, readable back, tightly labelled, and clear about a missing package.
 */
class CorpusGeneratorIT {
    private static final int[] CLIPS = {3, 8, 9}; // babble at 20 dB, alerts at 0 dB, clean

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = SpeechSource.class, names = {"ESPEAK", "RECORDED"})
    void theSameSeedWritesTheSameBytes(SpeechSource speech) throws IOException {
        CorpusGenerator generator = CorpusGenerator.builder().speech(speech).seed(13).only(CLIPS)
                .duration(Duration.ofSeconds(8)).build();
        List<CorpusGenerator.Clip> first = generator.generate(dir.resolve("a"));
        generator.generate(dir.resolve("b"));
        assertEquals(CLIPS.length, first.size());
        for (CorpusGenerator.Clip clip : first) {
            for (String ext : List.of(".wav", ".txt")) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(clip.name() + ext)),
                        Files.readAllBytes(dir.resolve("b").resolve(clip.name() + ext)), clip.name() + ext);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SpeechSource.class, names = {"ESPEAK", "RECORDED"})
    void cleanSpeechIsLabelledFromItsFirstToItsLastSoundAndNothingElse(SpeechSource speech) throws IOException {
        CorpusGenerator.builder().speech(speech).seed(13).only(CLIPS).duration(Duration.ofSeconds(8)).build().generate(dir);
        List<LabelledClip> clips = LabelledClip.loadAll(dir);
        String p = speech == SpeechSource.ESPEAK ? "s" : "r";
        assertEquals(List.of(p + "13-003-babble-20dB.wav", p + "13-008-alerts-00dB.wav", p + "13-009-clean.wav"),
                clips.stream().map(LabelledClip::file).toList());
        LabelledClip clean = clips.get(2);
        assertEquals(8.0, clean.seconds());
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

    @Test
    void aMixedCorpusTakesEachSourcesClipsInTurnsOfTen() throws IOException {
        for (SpeechSource speech : SpeechSource.values()) {
            CorpusGenerator.builder().speech(speech).seed(13).only(9, 19).duration(Duration.ofSeconds(3)).build()
                    .generate(dir.resolve(speech.name()));
        }
        Path mixed = dir.resolve("MIXED");
        assertEquals(List.of("r13-019-clean.wav", "s13-009-clean.wav"),
                LabelledClip.loadAll(mixed).stream().map(LabelledClip::file).toList());
        for (String clip : List.of("s13-009-clean", "r13-019-clean")) {
            Path single = dir.resolve(clip.startsWith("s") ? "ESPEAK" : "RECORDED");
            for (String ext : List.of(".wav", ".txt")) {
                assertArrayEquals(Files.readAllBytes(single.resolve(clip + ext)), Files.readAllBytes(mixed.resolve(clip + ext)),
                        clip + ext + " is the single source's clip");
            }
        }
    }

    @Test
    void recordedSpeechFromAMissingPackageIsRefusedNamingThePackage() {
        Path nowhere = dir.resolve("no-sounds");
        CorpusGenerator generator = CorpusGenerator.builder().speech(SpeechSource.RECORDED).sounds(nowhere).only(9)
                .duration(Duration.ofSeconds(3)).build();
        IOException e = assertThrows(IOException.class, () -> generator.generate(dir.resolve("out")));
        assertEquals(nowhere.resolve("alsa") + ": no recordings there (install the Debian package alsa-utils)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void alertNoiseWithoutTheSoundThemeIsRefusedNamingThePackage() throws IOException {
        Path sounds = Files.createDirectories(dir.resolve("only-alsa/alsa"));
        Files.copy(Path.of("/usr/share/sounds/alsa/Front_Left.wav"), sounds.resolve("Front_Left.wav"));
        CorpusGenerator generator = CorpusGenerator.builder().speech(SpeechSource.RECORDED).sounds(sounds.getParent())
                .only(8).duration(Duration.ofSeconds(3)).build();
        IOException e = assertThrows(IOException.class, () -> generator.generate(dir.resolve("out")));
        assertTrue(e.getMessage().endsWith("freedesktop/stereo: no recordings there (install the Debian package "
                + "sound-theme-freedesktop)"), e.getMessage());
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
