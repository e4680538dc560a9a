package io.hybridwasm.examples.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the {@code intelligent_vad} guest is asked: {@link #LOCAL} through its {@code process}
 * entry; {@link #REMOTE} and {@link #HYBRID} through {@code process_with_remote} with a band
 * header, (-1, 2) so every chunk goes remote, or the uncertain band under test. A stream header
 * in front names the clip a chunk belongs to, so the remote detector judges it in the clip's
 * session (its recurrent state and gain continue from the clip's previous chunk).
 */
public enum EvalMode {
    LOCAL("process"), REMOTE("process_with_remote"), HYBRID("process_with_remote");

    /** First four bytes of the band header: as an f32 it is a NaN, so never valid PCM. */
    static final byte[] BAND_MAGIC = {0x48, 0x42, (byte) 0xC1, 0x7F};
    static final int BAND_HEADER_BYTES = 12;
    /** First four bytes of the stream header (also a NaN). */
    static final byte[] STREAM_MAGIC = {0x48, 0x53, (byte) 0xC1, 0x7F};
    static final int MAX_STREAM_ID_BYTES = 128;

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

    /**
     * The guest input for {@code pcm} (f32 LE) of the stream {@code streamId}: the stream header,
     * then the band header where this mode needs one.
     */
    byte[] input(byte[] pcm, Band band, String streamId) {
        byte[] banded = this == LOCAL ? pcm : (this == REMOTE ? Band.ALWAYS_REMOTE : band).prefix(pcm);
        return streamPrefix(streamId, banded);
    }

    /** {@code 48 53 C1 7F}, the id's length (u32 LE), its UTF-8 bytes zero-padded to a multiple of four, then {@code rest}. */
    static byte[] streamPrefix(String streamId, byte[] rest) {
        byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_STREAM_ID_BYTES) {
            throw new IllegalArgumentException("stream id '" + streamId + "': expected 1 to "
                    + MAX_STREAM_ID_BYTES + " bytes of UTF-8, was " + id.length);
        }
        int padded = (id.length + 3) / 4 * 4;
        return ByteBuffer.allocate(8 + padded + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(STREAM_MAGIC).putInt(id.length).put(id).position(8 + padded).put(rest).array();
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
