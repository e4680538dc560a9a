package io.hybridwasm.examples.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class WavFileTest {
    @TempDir
    Path dir;

    @Test
    void sixteenBitPcmRoundTripsWithinOneStep() throws IOException {
        float[] samples = {0f, 0.5f, -0.5f, 0.999f, -1f, 0.0001f};
        Path file = dir.resolve("a.wav");
        WavFile.write16(file, samples, 16_000);
        float[] back = WavFile.read16kMono(file);
        assertEquals(samples.length, back.length);
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i], back[i], 1.0 / 32768, "sample " + i);
        }
    }

    @Test
    void float32IsReadExactly() throws IOException {
        float[] samples = {0.25f, -0.75f, 1e-6f};
        Path file = Files.write(dir.resolve("f.wav"), wav(3, 1, 16_000, 32, floats(samples)));
        assertArrayEquals(samples, WavFile.read16kMono(file));
    }

    @Test
    void streamedSizesAsEspeakWritesThemReadToTheEnd() {
        byte[] bytes = wav(1, 1, 22_050, 16, new byte[] {0, 0x40, 0, (byte) 0xC0});
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFF000);
        WavFile.Audio audio = WavFile.decode(bytes, "espeak");
        assertArrayEquals(new float[] {0.5f, -0.5f}, audio.samples());
        assertEquals(22_050, audio.sampleRate());
    }

    @Test
    void everythingElseIsRefusedNamingTheFileAndTheProblem() throws IOException {
        byte[] pcm = new byte[64];
        assertRefused(wav(1, 1, 44_100, 16, pcm), "sample rate 44100 Hz, expected 16000");
        assertRefused(wav(1, 2, 16_000, 16, pcm), "2 channels, expected mono");
        assertRefused(wav(1, 1, 16_000, 8, pcm), "8-bit PCM, expected 16-bit PCM or 32-bit float");
        assertRefused(wav(1, 1, 16_000, 24, pcm), "24-bit PCM");
        assertRefused(Arrays.copyOf(wav(1, 1, 16_000, 16, pcm), 30), "truncated header");
        assertRefused(Arrays.copyOf(wav(1, 1, 16_000, 16, pcm), 60), "truncated: data chunk declares 64 bytes, only 16 present");
        assertRefused("just text, no header".getBytes(), "not a WAV file");
        assertRefused(new byte[0], "not a WAV file");
    }

    private void assertRefused(byte[] bytes, String expected) throws IOException {
        Path file = Files.write(dir.resolve("bad.wav"), bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavFile.read16kMono(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    public static byte[] wav(int format, int channels, int rate, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] floats(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : samples) {
            b.putFloat(f);
        }
        return b.array();
    }
}
