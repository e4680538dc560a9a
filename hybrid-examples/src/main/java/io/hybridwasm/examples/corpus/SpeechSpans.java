package io.hybridwasm.examples.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Where clean synthetic speech is: 10 ms frames whose energy is within 45 dB of the loudest
 * frame, joined across pauses shorter than 300 ms (a chunk-level VAD calls those speech). The
 * result, in samples, trims espeak-ng's leading and trailing silence so labels are tight.
 */
final class SpeechSpans {
    private static final int FRAME = CorpusGenerator.RATE / 100;
    private static final double RELATIVE_FLOOR_DB = -45;
    private static final int JOIN_FRAMES = 30;

    private SpeechSpans() {
    }

    static List<int[]> of(float[] clean) {
        int frames = clean.length / FRAME;
        double[] energy = new double[frames];
        double peak = 0;
        for (int f = 0; f < frames; f++) {
            energy[f] = Voices.power(clean, f * FRAME, (f + 1) * FRAME);
            peak = Math.max(peak, energy[f]);
        }
        double floor = Math.max(peak * Math.pow(10, RELATIVE_FLOOR_DB / 10), 1e-12);
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (energy[f] <= floor) {
                continue;
            }
            if (start >= 0 && f - last > JOIN_FRAMES) {
                spans.add(new int[] {start * FRAME, (last + 1) * FRAME});
                start = -1;
            }
            if (start < 0) {
                start = f;
            }
            last = f;
        }
        if (start >= 0) {
            spans.add(new int[] {start * FRAME, (last + 1) * FRAME});
        }
        return spans;
    }
}
