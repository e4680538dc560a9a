package io.hybridwasm.services.internal.dsp;

import java.util.Arrays;

/**
 * Decides, 20 ms frame by 20 ms frame, whether audio is speech, and smooths the decisions.
 *
 * <p>Each frame gets a score in 0..1, the product of four soft tests:
 * <ul>
 *   <li><b>loud enough</b>: energy at least ~8 dB above the adaptive noise floor and above an
 *       absolute gate of -55 dBFS (so near-silence is never speech);
 *   <li><b>not flat</b>: spectral flatness well below white noise's ~0.5;
 *   <li><b>not hissy</b>: zero-crossing rate well below white noise's ~0.5;
 *   <li><b>not a pure tone</b>: less than ~85% of the power around one spectral peak (beeps,
 *       hum and test tones are loud and harmonic-looking, but are not speech).
 * </ul>
 * Flatness and zero-crossing rate enter as a geometric mean, so either can veto. A frame is
 * speech when its score reaches the threshold. Smoothing needs two speech frames in a row to
 * switch on and keeps speech on for the hangover after the last speech frame, so isolated
 * clicks are ignored and the short gaps between syllables are bridged.
 *
 * <p>The noise floor falls fast towards quieter frames and rises slowly (faster during
 * non-speech), so a steady background is learnt within about a second. All of this lives in
 * a {@link VadState}, which a session keeps across chunks. Stateless and thread-safe; the
 * state is the caller's.
 */
public final class VoiceActivityClassifier {

    /** Noise floor before the first frame: a quiet room recorded at a sensible gain. */
    static final double PRIOR_NOISE_FLOOR_DB = -60;
    static final double ABSOLUTE_GATE_DB = -55;
    static final double MIN_SNR_DB = 8;
    static final double MAX_FLATNESS = 0.30;
    static final double MAX_ZERO_CROSSING_RATE = 0.25;
    static final double MAX_PEAK_CONCENTRATION = 0.85;
    static final int ONSET_FRAMES = 2;

    private VoiceActivityClassifier() {
    }

    /**
     * Classifies {@code samples} (mono, full scale ±1), continuing from {@code state}.
     *
     * @param carryRemainder when true (a session), an incomplete last frame is kept in the
     *     state and completed by the next chunk; when false it is analysed on its own if it is
     *     at least half a frame long, and dropped otherwise
     */
    public static VadDecision classify(float[] samples, VadParameters params, VadState state,
            boolean carryRemainder) {
        int frameLength = params.frameLength();
        if (state.sampleRate != params.sampleRate()) {
            state.carry = new float[0]; // a carried partial frame at another rate is meaningless
            state.sampleRate = params.sampleRate();
        }
        float[] input = prependCarry(state, samples);
        int whole = input.length / frameLength;
        int tail = input.length - whole * frameLength;
        boolean analyseTail = !carryRemainder && tail >= frameLength / 2;
        int frameCount = whole + (analyseTail ? 1 : 0);

        FrameAnalyzer analyzer = new FrameAnalyzer(frameLength);
        byte[] frames = new byte[frameCount];
        double speechScoreSum = 0;
        int speechFrames = 0;
        for (int f = 0; f < frameCount; f++) {
            int length = f < whole ? frameLength : tail;
            FrameFeatures features = analyzer.analyze(input, f * frameLength, length);
            double score = score(features, state);
            boolean raw = score >= params.threshold();
            adaptNoiseFloor(state, features.energyDb(), raw);
            if (smooth(state, raw, params.hangoverFrames())) {
                frames[f] = 1;
                speechFrames++;
                speechScoreSum += score;
            }
            state.framesSeen++;
        }
        state.carry = carryRemainder
                ? Arrays.copyOfRange(input, whole * frameLength, input.length)
                : new float[0];

        if (frameCount == 0) {
            // Nothing new to judge (e.g. a chunk shorter than a frame): repeat the session's view.
            return new VadDecision(state.inSpeech && carryRemainder,
                    carryRemainder ? state.lastConfidence : 0, frames, 0, state.framesSeen);
        }
        double ratio = (double) speechFrames / frameCount;
        double meanSpeechScore = speechFrames == 0 ? 0 : speechScoreSum / speechFrames;
        double confidence = confidence(ratio, meanSpeechScore);
        state.lastConfidence = confidence;
        return new VadDecision(confidence >= 0.5, confidence, frames, ratio, state.framesSeen);
    }

    /** The frame's speech score, 0..1, against the current noise floor. */
    static double score(FrameFeatures f, VadState state) {
        double floor = Double.isNaN(state.noiseFloorDb) ? PRIOR_NOISE_FLOOR_DB : state.noiseFloorDb;
        double loud = sigmoid((f.energyDb() - floor - MIN_SNR_DB) / 2)
                * sigmoid((f.energyDb() - ABSOLUTE_GATE_DB) / 2);
        double notFlat = 1 - sigmoid((f.spectralFlatness() - MAX_FLATNESS) / 0.05);
        double notHissy = 1 - sigmoid((f.zeroCrossingRate() - MAX_ZERO_CROSSING_RATE) / 0.04);
        double notTone = 1 - sigmoid((f.peakConcentration() - MAX_PEAK_CONCENTRATION) / 0.03);
        return loud * Math.sqrt(notFlat * notHissy) * notTone;
    }

    /**
     * Moves the noise floor towards the frame's energy: fast when the frame is quieter, slowly
     * when it is louder, and ten times more slowly still while the frame is speech.
     */
    static void adaptNoiseFloor(VadState state, double energyDb, boolean speech) {
        if (Double.isNaN(state.noiseFloorDb)) {
            state.noiseFloorDb = PRIOR_NOISE_FLOOR_DB;
        }
        double delta = energyDb - state.noiseFloorDb;
        double rate = delta < 0 ? 0.3 : speech ? 0.005 : 0.05;
        state.noiseFloorDb += rate * delta;
    }

    /** Applies onset and hangover to one raw decision; returns the smoothed decision. */
    static boolean smooth(VadState state, boolean raw, int hangoverFrames) {
        if (raw) {
            state.onsetRun++;
            if (state.inSpeech || state.onsetRun >= ONSET_FRAMES) {
                state.inSpeech = true;
                state.hangoverLeft = hangoverFrames;
            }
        } else {
            state.onsetRun = 0;
            if (state.inSpeech) {
                if (state.hangoverLeft > 0) {
                    state.hangoverLeft--;
                } else {
                    state.inSpeech = false;
                }
            }
        }
        return state.inSpeech;
    }

    /**
     * How sure the detector is that the payload contains speech: rises steeply once about a
     * fifth of the frames are speech, scaled by how clear-cut those frames were.
     */
    static double confidence(double speechRatio, double meanSpeechScore) {
        return sigmoid((speechRatio - 0.2) / 0.05) * (0.5 + 0.5 * meanSpeechScore);
    }

    private static float[] prependCarry(VadState state, float[] samples) {
        if (state.carry.length == 0) {
            return samples;
        }
        float[] joined = new float[state.carry.length + samples.length];
        System.arraycopy(state.carry, 0, joined, 0, state.carry.length);
        System.arraycopy(samples, 0, joined, state.carry.length, samples.length);
        return joined;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
