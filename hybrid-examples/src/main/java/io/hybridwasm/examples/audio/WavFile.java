package io.hybridwasm.examples.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes RIFF/WAVE files: 16-bit PCM and 32-bit float. {@link #read16kMono} is the
 * strict reader behind every command that takes audio: anything but 16 kHz mono 16-bit PCM or
 * float32 is refused with an {@link IllegalArgumentException} whose one-line message names the
 * file and what is wrong, so the CLI can print it as a usage error.
 */
public final class WavFile {
    /** Sample rate every VAD path expects. */
    public static final int SAMPLE_RATE = 16_000;
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Streaming writers (espeak-ng --stdout among them) leave the sizes at 0 or near 2^31. */
    private static final long STREAMED_SIZE = 0x7FFF_0000L;

    private WavFile() {
    }

    /** A decoded file: its rate, channel count and bit depth, and the first channel as floats in [-1, 1]. */
    public record Audio(int sampleRate, int channels, int bitsPerSample, float[] samples) {
    }

    /** True if the bytes start like a RIFF/WAVE file, for commands that also accept raw float32. */
    public static boolean looksLikeWav(byte[] bytes) {
        return bytes.length >= 12 && ascii(bytes, 0).equals("RIFF") && ascii(bytes, 8).equals("WAVE");
    }

    /** Reads {@code file}, refusing anything but mono 16 kHz 16-bit PCM or 32-bit float. */
    public static float[] read16kMono(Path file) throws IOException {
        return require16kMono(decode(Files.readAllBytes(file), file.toString()), file.toString());
    }

    /** Checks a decoded file is mono 16 kHz; returns its samples. */
    public static float[] require16kMono(Audio audio, String name) {
        if (audio.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException(name + ": sample rate " + audio.sampleRate() + " Hz, expected " + SAMPLE_RATE);
        }
        if (audio.channels() != 1) {
            throw new IllegalArgumentException(name + ": " + audio.channels() + " channels, expected mono");
        }
        return audio.samples();
    }

    /** Decodes WAV bytes of any rate and channel count; {@code name} only labels the errors. */
    public static Audio decode(byte[] bytes, String name) {
        if (bytes.length < 12 || !ascii(bytes, 0).equals("RIFF") || !ascii(bytes, 8).equals("WAVE")) {
            throw new IllegalArgumentException(name + ": not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = ascii(bytes, pos);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new IllegalArgumentException(name + ": truncated header (fmt chunk of " + size + " bytes)");
                }
                format = Short.toUnsignedInt(in.getShort(body));
                channels = Short.toUnsignedInt(in.getShort(body + 2));
                rate = in.getInt(body + 4);
                bits = Short.toUnsignedInt(in.getShort(body + 14));
                if (format == FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= bytes.length) {
                    format = Short.toUnsignedInt(in.getShort(body + 24));
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new IllegalArgumentException(name + ": truncated header (data before fmt chunk)");
                }
                long available = bytes.length - body;
                if (size == 0 || size >= STREAMED_SIZE) {
                    size = available;
                } else if (size > available) {
                    throw new IllegalArgumentException(name + ": truncated: data chunk declares " + size
                            + " bytes, only " + available + " present");
                }
                return new Audio(rate, channels, bits, samples(in, body, (int) size, format, channels, bits, name));
            }
            pos = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new IllegalArgumentException(name + (format < 0 ? ": truncated header (no fmt chunk)" : ": no data chunk"));
    }

    private static float[] samples(ByteBuffer in, int offset, int size, int format, int channels, int bits, String name) {
        if (channels < 1) {
            throw new IllegalArgumentException(name + ": 0 channels");
        }
        boolean pcm16 = format == FORMAT_PCM && bits == 16;
        boolean float32 = format == FORMAT_FLOAT && bits == 32;
        if (!pcm16 && !float32) {
            String kind = format == FORMAT_PCM ? bits + "-bit PCM" : format == FORMAT_FLOAT ? bits + "-bit float"
                    : "format code " + format + " (" + bits + "-bit)";
            throw new IllegalArgumentException(name + ": " + kind + ", expected 16-bit PCM or 32-bit float");
        }
        int frameBytes = channels * bits / 8;
        float[] out = new float[size / frameBytes];
        for (int i = 0; i < out.length; i++) {
            int at = offset + i * frameBytes;
            out[i] = pcm16 ? in.getShort(at) / 32768f : in.getFloat(at);
        }
        return out;
    }

    /** Writes mono 16-bit PCM at {@code sampleRate}, rounding and clipping to the 16-bit range. */
    public static void write16(Path file, float[] samples, int sampleRate) throws IOException {
        int dataBytes = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) FORMAT_PCM).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (float s : samples) {
            out.putShort((short) Math.max(-32768, Math.min(32767, Math.round(s * 32768.0))));
        }
        Files.write(file, out.array());
    }

    private static String ascii(byte[] bytes, int at) {
        return at + 4 > bytes.length ? "" : new String(bytes, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
