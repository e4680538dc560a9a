package io.hybridwasm.examples.corpus;

import io.hybridwasm.examples.audio.WavFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a labelled VAD corpus: clips of speech (espeak-ng sentences, or real recorded voice
 * prompts, see {@link SpeechSource}) separated by silence, over one of nine {@link Noise} kinds
 * at 0, 5, 10 or 20 dB SNR, or clean. Each clip is {@code NAME.wav}
 * (16-bit mono 16 kHz) and {@code NAME.txt}, an Audacity label track of the speech, bounded by
 * the clean speech's energy so the labels are tight. The same seed gives the same corpus.
 */
public final class CorpusGenerator {
    static final int RATE = WavFile.SAMPLE_RATE;
    private static final int[] SNRS_DB = {0, 5, 10, 20};
    private static final int CONDITIONS = Noise.values().length + 1;

    private final int[] indices;
    private final long seed;
    private final Duration duration;
    private final SpeechSource speech;
    private final Path sounds;

    private CorpusGenerator(Builder b) {
        this.speech = b.speech;
        this.sounds = b.sounds;
        this.indices = b.indices != null ? b.indices : IntStream.range(0, b.clips).toArray();
        this.seed = b.seed;
        this.duration = b.duration;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One generated clip: its file stem, voice, background ({@code null} when clean), SNR and labels. */
    public record Clip(String name, String voice, Noise noise, int snrDb, List<Label> labels) {
    }

    /** Writes every clip and a {@code manifest.tsv} into {@code dir} (created if absent). */
    public List<Clip> generate(Path dir) throws IOException {
        if (speech != SpeechSource.ESPEAK) {
            Recordings.in(sounds);
        }
        Files.createDirectories(dir);
        try {
            List<Clip> result = IntStream.of(indices).parallel().mapToObj(i -> {
                try {
                    return writeClip(dir, i);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            StringBuilder manifest = new StringBuilder("name\tvoice\tnoise\tsnr_db\tspeech_s\n");
            for (Clip c : result) {
                double speech = c.labels().stream().mapToDouble(l -> l.end() - l.start()).sum();
                manifest.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.2f%n", c.name(), c.voice(),
                        c.noise() == null ? "clean" : c.noise().name().toLowerCase(Locale.ROOT),
                        c.noise() == null ? "" : Integer.toString(c.snrDb()), speech));
            }
            Files.writeString(dir.resolve("manifest.tsv"), manifest);
            return result;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The speech of clip {@code index}: {@link SpeechSource#MIXED} alternates every {@value #CONDITIONS} clips. */
    private SpeechSource sourceOf(int index) {
        if (speech != SpeechSource.MIXED) {
            return speech;
        }
        return index / CONDITIONS % 2 == 0 ? SpeechSource.ESPEAK : SpeechSource.RECORDED;
    }

    private Clip writeClip(Path dir, int index) throws IOException {
        SpeechSource source = sourceOf(index);
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
        int n = (int) (duration.toMillis() * RATE / 1000);
        int condition = index % CONDITIONS;
        Noise noise = condition < Noise.values().length ? Noise.values()[condition] : null;
        int snr = SNRS_DB[(index + index / CONDITIONS) % SNRS_DB.length];
        double levelDb = r.nextInt(5) == 0 ? -48 + 10 * r.nextDouble() : -38 + 20 * r.nextDouble();
        Espeak.Voice main = Voices.random(r);
        String voiceName = source == SpeechSource.ESPEAK ? main.voice() : "recorded";

        float[] speech = new float[n];
        List<Label> labels = new ArrayList<>();
        boolean noiseOnly = noise != null && r.nextInt(16) == 0;
        int at = (int) (RATE * (0.2 + 1.8 * r.nextDouble()));
        int misses = 0;
        while (!noiseOnly && at < n - RATE * 8 / 10 && misses < 4) {
            float[] utterance = utterance(source, main, r);
            List<int[]> spans = SpeechSpans.of(utterance);
            int from = spans.isEmpty() ? 0 : spans.getFirst()[0];
            int length = spans.isEmpty() ? 0 : spans.getLast()[1] - from;
            if (spans.isEmpty() || at + length > n - RATE / 10) {
                misses++;
                continue;
            }
            double active = 0;
            int activeSamples = 0;
            for (int[] s : spans) {
                active += Voices.power(utterance, s[0], s[1]) * (s[1] - s[0]);
                activeSamples += s[1] - s[0];
            }
            double jitterDb = source == SpeechSource.ESPEAK ? 6 : 12;
            double gain = Math.pow(10, (levelDb + jitterDb * (r.nextDouble() - 0.5)) / 20) / Math.sqrt(active / activeSamples);
            for (int i = 0; i < length; i++) {
                speech[at + i] = (float) (utterance[from + i] * gain);
            }
            for (int[] s : spans) {
                labels.add(new Label((double) (at + s[0] - from) / RATE, (double) (at + s[1] - from) / RATE));
            }
            at += length + (int) (RATE * (0.4 + 2.6 * r.nextDouble()));
        }

        float[] mix = mix(speech, labels, noise, snr, levelDb, r);
        String name = String.format(Locale.ROOT, "%s%d-%03d-%s", source == SpeechSource.ESPEAK ? "s" : "r", seed, index,
                noise == null ? "clean" : noise.name().toLowerCase(Locale.ROOT) + "-" + String.format(Locale.ROOT, "%02ddB", snr));
        WavFile.write16(dir.resolve(name + ".wav"), mix, RATE);
        Label.write(dir.resolve(name + ".txt"), labels);
        return new Clip(name, voiceName, noise, snr, List.copyOf(labels));
    }

    /**
     * One utterance: an espeak-ng sentence (three times in ten another voice than the clip's;
     * every other one said in a small room: RT60 0.1–0.5 s, low-passed at 3–7 kHz, since
     * recorded voices come through rooms and microphones and espeak-ng's are dry), or
     * two to five recorded prompts read as one phrase: each at its own level within ±3 dB,
     * 20–150 ms apart (the prompts themselves pause 130–330 ms between their two words).
     */
    private float[] utterance(SpeechSource source, Espeak.Voice main, SplittableRandom r) throws IOException {
        if (source == SpeechSource.ESPEAK) {
            Espeak.Voice voice = r.nextInt(10) < 3 ? Voices.random(r) : main;
            float[] dry = Espeak.speak(voice, Sentences.sentence(voice.voice(), 3 + r.nextInt(10), r));
            return r.nextBoolean() ? dry : Room.say(dry, 0.1 + 0.4 * r.nextDouble(), 3000 + 4000 * r.nextDouble());
        }
        List<Recordings.Sound> pool = Recordings.in(sounds).speech();
        int parts = 2 + r.nextInt(4);
        List<float[]> pieces = new ArrayList<>();
        int total = 0;
        for (int p = 0; p < parts; p++) {
            float[] s = pool.get(r.nextInt(pool.size())).samples();
            float gain = (float) Math.pow(10, (6 * r.nextDouble() - 3) / 20);
            float[] piece = new float[s.length + (p + 1 < parts ? (int) (RATE * (0.02 + 0.13 * r.nextDouble())) : 0)];
            for (int i = 0; i < s.length; i++) {
                piece[i] = s[i] * gain;
            }
            pieces.add(piece);
            total += piece.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] piece : pieces) {
            System.arraycopy(piece, 0, out, at, piece.length);
            at += piece.length;
        }
        return out;
    }

    private float[] mix(float[] speech, List<Label> labels, Noise noise, int snrDb, double levelDb,
                               SplittableRandom r) throws IOException {
        int n = speech.length;
        double speechPower = 0;
        int speechSamples = 0;
        for (Label l : labels) {
            int from = (int) Math.round(l.start() * RATE);
            int to = (int) Math.round(l.end() * RATE);
            speechPower += Voices.power(speech, from, to) * (to - from);
            speechSamples += to - from;
        }
        speechPower = speechSamples > 0 ? speechPower / speechSamples : Math.pow(10, levelDb / 10);
        float[] background = noise == null ? Noise.WHITE.generate(n, r, sounds) : noise.generate(n, r, sounds);
        double noiseRms = noise == null ? Math.pow(10, -80 / 20.0) : Math.sqrt(speechPower / Math.pow(10, snrDb / 10.0));
        float[] mix = new float[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            mix[i] = (float) (speech[i] + noiseRms * background[i]);
            peak = Math.max(peak, Math.abs(mix[i]));
        }
        if (peak > 0.99) {
            for (int i = 0; i < n; i++) {
                mix[i] = (float) (mix[i] * 0.99 / peak);
            }
        }
        return mix;
    }

    /** Options for a corpus; defaults: 40 clips, seed 1, 12 s each, espeak-ng speech, sounds from {@code /usr/share/sounds}. */
    public static final class Builder {
        private SpeechSource speech = SpeechSource.ESPEAK;
        private Path sounds = Path.of("/usr/share/sounds");
        private int clips = 40;
        private int[] indices;
        private long seed = 1;
        private Duration duration = Duration.ofSeconds(12);

        private Builder() {
        }

        public Builder clips(int clips) {
            if (clips < 1 || clips > 100_000) {
                throw new IllegalArgumentException("--clips must be in [1, 100000], was " + clips);
            }
            this.clips = clips;
            return this;
        }

        /**
         * Writes only the clips with these numbers (instead of 0 to clips - 1), e.g. to pick
         * conditions: clip {@code i} has noise kind {@code i % 10} (9 = clean) at SNR
         * {@code {0,5,10,20}[(i + i / 10) % 4]}, so any 40 consecutive clips cover every pair.
         */
        public Builder only(int... indices) {
            if (indices.length == 0 || java.util.Arrays.stream(indices).anyMatch(i -> i < 0)) {
                throw new IllegalArgumentException("clip numbers must be non-negative, and at least one");
            }
            this.indices = indices.clone();
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder duration(Duration duration) {
            if (duration.toMillis() < 2000 || duration.toMinutes() > 10) {
                throw new IllegalArgumentException("--duration must be between 2s and 10m, was " + duration.toMillis() + " ms");
            }
            this.duration = duration;
            return this;
        }

        public Builder speech(SpeechSource speech) {
            this.speech = java.util.Objects.requireNonNull(speech, "speech");
            return this;
        }

        /** The directory holding {@code alsa/} and {@code freedesktop/stereo/} (recorded speech, alert noise). */
        public Builder sounds(Path sounds) {
            this.sounds = java.util.Objects.requireNonNull(sounds, "sounds");
            return this;
        }

        public CorpusGenerator build() {
            return new CorpusGenerator(this);
        }
    }
}
