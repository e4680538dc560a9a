package io.hybridwasm.examples.corpus;

/**
 * A cheap room for the babble and for synthetic speech: Schroeder's reverberator (four parallel feedback combs, two
 * all-passes) with a chosen RT60, mixed with the dry signal, then a two-pole low-pass. It smears
 * a crowd's syllables the way a canteen does, at linear cost instead of a convolution.
 */
final class Room {
    private static final int RATE = CorpusGenerator.RATE;
    private static final double[] COMB_MS = {29.7, 37.1, 41.1, 43.7};
    private static final double[] ALLPASS_MS = {5.0, 1.7};

    private Room() {
    }

    /** {@code speech} said in the room: {@link #muffle} with half a second of room for its tail. */
    static float[] say(float[] speech, double rt60, double cutoffHz) {
        double[] x = new double[speech.length + RATE / 2];
        for (int i = 0; i < speech.length; i++) {
            x[i] = speech[i];
        }
        double[] wet = muffle(x, rt60, cutoffHz);
        float[] out = new float[wet.length];
        for (int i = 0; i < wet.length; i++) {
            out[i] = (float) wet[i];
        }
        return out;
    }

    /** {@code x} reverberated with {@code rt60} seconds of decay and low-passed at {@code cutoffHz}. */
    static double[] muffle(double[] x, double rt60, double cutoffHz) {
        int n = x.length;
        double[] wet = new double[n];
        for (double ms : COMB_MS) {
            int d = (int) (ms * RATE / 1000);
            double g = Math.pow(10, -3 * ms / 1000 / rt60);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = x[i] + (i >= d ? g * y[i - d] : 0);
                wet[i] += y[i] / COMB_MS.length;
            }
        }
        for (double ms : ALLPASS_MS) {
            int d = (int) (ms * RATE / 1000);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double delayedIn = i >= d ? wet[i - d] : 0;
                double delayedOut = i >= d ? y[i - d] : 0;
                y[i] = -0.7 * wet[i] + delayedIn + 0.7 * delayedOut;
            }
            wet = y;
        }
        double[] mixed = new double[n];
        for (int i = 0; i < n; i++) {
            mixed[i] = 0.5 * x[i] + wet[i];
        }
        return lowPass(mixed, cutoffHz);
    }

    private static double[] lowPass(double[] x, double cutoffHz) {
        double w = 2 * Math.PI * cutoffHz / RATE;
        double alpha = Math.sin(w) / (2 * 0.707);
        double cos = Math.cos(w);
        double a0 = 1 + alpha;
        double b0 = (1 - cos) / 2 / a0;
        double b1 = (1 - cos) / a0;
        double a1 = -2 * cos / a0;
        double a2 = (1 - alpha) / a0;
        double[] y = new double[x.length];
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = b0 * x[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
    }
}
