package io.hybridwasm.examples.corpus;

import java.util.List;
import java.util.random.RandomGenerator;

/** The espeak-ng voices the corpus draws from: six languages/accents times male and female variants. */
final class Voices {
    private static final List<String> LANGUAGES = List.of("en", "en-us", "en-gb", "en-gb-scotland", "en-029",
            "de", "fr-fr", "es", "es-419");
    private static final List<String> VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7",
            "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "croak");

    private Voices() {
    }

    static Espeak.Voice random(RandomGenerator r) {
        String voice = LANGUAGES.get(r.nextInt(LANGUAGES.size())) + "+" + VARIANTS.get(r.nextInt(VARIANTS.size()));
        return new Espeak.Voice(voice, 120 + r.nextInt(111), 20 + r.nextInt(61), 60 + r.nextInt(91));
    }

    /** Mean power of {@code x[from, to)}. */
    static double power(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return to > from ? sum / (to - from) : 0;
    }
}
