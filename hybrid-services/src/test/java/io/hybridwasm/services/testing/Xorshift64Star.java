package io.hybridwasm.services.testing;

/**
 * A tiny deterministic random source (xorshift64*) with Box-Muller gaussians, so the test
 * signals are identical on every JVM and in every language that reimplements them.
 */
public final class Xorshift64Star {

    private long state;
    private double spare;
    private boolean hasSpare;

    /** Seeds the generator; a zero seed is replaced, since xorshift would stay at 0. */
    public Xorshift64Star(long seed) {
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return state * 0x2545F4914F6CDD1DL;
    }

    /** Uniform in [0, 1), 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal, by Box-Muller (pairs: the sine branch is kept for the next call). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1], so the log is finite
        double u2 = nextDouble();
        double radius = Math.sqrt(-2 * Math.log(u1));
        spare = radius * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }
}
