package io.hybridwasm.examples.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * How the {@code intelligent_vad} guest is asked: {@link #LOCAL} through its {@code process}
 * entry; {@link #REMOTE} and {@link #HYBRID} through {@code process_with_remote} with a band
 * header, (-1, 2) so every chunk goes remote, or the uncertain band under test.
 */
public enum EvalMode {
    LOCAL("process"), REMOTE("process_with_remote"), HYBRID("process_with_remote");

    /** First four bytes of the band header: as an f32 it is a NaN, so never valid PCM. */
    static final byte[] BAND_MAGIC = {0x48, 0x42, (byte) 0xC1, 0x7F};
    static final int BAND_HEADER_BYTES = 12;

    private final String entry;

    EvalMode(String entry) {
        this.entry = entry;
    }

    /** The guest entry function this mode calls. */
    public String entry() {
        return entry;
    }

    /** Lower-case name, as in the verdicts file and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The guest input for {@code pcm} (f32 LE): with the band header where this mode needs one. */
    byte[] input(byte[] pcm, Band band) {
        if (this == LOCAL) {
            return pcm;
        }
        return (this == REMOTE ? Band.ALWAYS_REMOTE : band).prefix(pcm);
    }

    /** The uncertain band: the hybrid asks the remote detector when {@code lo < confidence < hi}. */
    public record Band(double lo, double hi) {
        public static final Band DEFAULT = new Band(0.3, 0.7);
        /** Every confidence is inside: {@code process_with_remote} always asks the remote detector. */
        public static final Band ALWAYS_REMOTE = new Band(-1, 2);

        public Band {
            if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
                throw new IllegalArgumentException("--band " + lo + "," + hi + ": expected LO,HI with LO <= HI");
            }
        }

        /** The guest input for {@code pcm}: the 12-byte band header ({@code 48 42 C1 7F}, f32 lo, f32 hi), then the PCM. */
        public byte[] prefix(byte[] pcm) {
            return ByteBuffer.allocate(BAND_HEADER_BYTES + pcm.length).order(ByteOrder.LITTLE_ENDIAN)
                    .put(BAND_MAGIC).putFloat((float) lo).putFloat((float) hi).put(pcm).array();
        }

        /** Parses {@code LO,HI} as given to {@code --band}. */
        public static Band parse(String text) {
            String[] parts = text.split(",");
            try {
                if (parts.length == 2) {
                    return new Band(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
                }
            } catch (NumberFormatException e) {
                // fall through to the one message below
            }
            throw new IllegalArgumentException("--band " + text + ": expected LO,HI such as 0.3,0.7");
        }
    }
}
