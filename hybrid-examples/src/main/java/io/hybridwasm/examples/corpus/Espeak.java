package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.Resampler;
import io.hybridwasm.examples.audio.WavFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech from the {@code espeak-ng} command ({@code --stdout}), decoded and resampled to 16 kHz.
 * A formant synthesiser is not a person, but its many voices, variants, speeds and pitches give
 * labelled speech whose exact bounds are known, on any machine with the Debian package.
 */
final class Espeak {
    private static final Resampler TO_16K = new Resampler(22_050, WavFile.SAMPLE_RATE);

    private Espeak() {
    }

    /** One utterance's settings: {@code voice} as espeak-ng spells it ({@code en-us+f2}), speed in words per minute, pitch and amplitude 0–200. */
    record Voice(String voice, int wordsPerMinute, int pitch, int amplitude) {
    }

    /** {@code text} spoken by {@code voice}, as 16 kHz floats. */
    static float[] speak(Voice voice, String text) throws IOException {
        List<String> command = new ArrayList<>(List.of("espeak-ng", "--stdout", "-v", voice.voice(),
                "-s", Integer.toString(voice.wordsPerMinute()), "-p", Integer.toString(voice.pitch()),
                "-a", Integer.toString(voice.amplitude()), text));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("espeak-ng not found on PATH (install the Debian package espeak-ng): " + e.getMessage(), e);
        }
        byte[] wav;
        try (InputStream in = process.getInputStream()) {
            wav = in.readAllBytes();
        }
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException("espeak-ng -v " + voice.voice() + " exited with status " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for espeak-ng", e);
        }
        WavFile.Audio audio = WavFile.decode(wav, "espeak-ng output");
        if (audio.sampleRate() == WavFile.SAMPLE_RATE) {
            return audio.samples();
        }
        return audio.sampleRate() == 22_050 ? TO_16K.apply(audio.samples())
                : new Resampler(audio.sampleRate(), WavFile.SAMPLE_RATE).apply(audio.samples());
    }
}
