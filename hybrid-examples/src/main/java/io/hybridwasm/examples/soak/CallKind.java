package io.hybridwasm.examples.soak;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of call a soak caller makes, each through an entry of a committed guest
 * ({@code remote_patterns}, or {@code session_client} for session calls), and what a correct
 * answer looks like.
 */
public enum CallKind {
    /** Echo with one of a few fixed payloads: after the first, served from the bridge's result cache. */
    ECHO_CACHED("echo-cached", GuestNodes.REMOTE_PATTERNS, "call_service", true),
    /** Echo with a payload never sent before: always a remote call (and a cache miss that fills the cache). */
    ECHO_UNCACHED("echo-uncached", GuestNodes.REMOTE_PATTERNS, "call_service", true),
    /** 4 KiB to Echo in four chunks over the instance's long-lived {@code stream_to_remote} stream. */
    STREAM("stream", GuestNodes.REMOTE_PATTERNS, "stream", false),
    /**
     * {@code get_remote_session} and a {@code call_remote_in_session} to SessionCounter: state on
     * the replica that owns the session. When the session is lost (its replica restarted) the
     * guest gets {@code SESSION_EXPIRED}, reopens, and answers {@code reopened}: counted as
     * {@link #REOPENED}, an announced loss of state, not a lost call.
     */
    SESSION("session", GuestNodes.SESSION_CLIENT, "in_session", false);

    /** The status of a session call whose session was lost, reported to the guest and reopened. */
    public static final String REOPENED = "reopened";

    private static final String WRONG = "wrong-answer";
    private static final String OK_LINE = "ok\n";
    private static final String REOPENED_LINE = REOPENED + "\n";

    private static final int PAYLOAD = 256;
    private static final int CACHED_PAYLOADS = 8;
    private static final int STREAM_BYTES = 4096;
    private static final int STREAM_CHUNK = 1024;

    private final String label;
    private final String guest;
    private final String entry;
    private final boolean idempotent;

    CallKind(String label, String guest, String entry, boolean idempotent) {
        this.label = label;
        this.guest = guest;
        this.entry = entry;
        this.idempotent = idempotent;
    }

    /** The name printed in reports. */
    public String label() {
        return label;
    }

    /** The committed guest module (a class-path resource) that makes this kind of call. */
    public String guest() {
        return guest;
    }

    /** The guest's entry function that makes this kind of call. */
    public String entry() {
        return entry;
    }

    /** Whether the service is idempotent, so a call that ends without a correct answer is lost. */
    public boolean idempotent() {
        return idempotent;
    }

    /** The guest input for call number {@code seq} of caller {@code caller}. */
    byte[] input(int caller, long seq) {
        return switch (this) {
            case ECHO_CACHED -> withHeaders(payload("cached-" + seq % CACHED_PAYLOADS, PAYLOAD), "Echo");
            case ECHO_UNCACHED -> withHeaders(payload("unique-" + caller + "-" + seq + "-" + System.nanoTime(), PAYLOAD), "Echo");
            case STREAM -> withHeaders(payload("stream-" + caller, STREAM_BYTES), "Echo", Integer.toString(STREAM_CHUNK));
            case SESSION -> withHeaders(new byte[0], "caller-" + caller, "SessionCounter");
        };
    }

    /** How the answer {@code output} to {@code input} counts: {@link Tally#OK}, {@link #REOPENED} or {@code wrong-answer}. */
    String verdict(byte[] input, byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8);
        return switch (this) {
            case ECHO_CACHED, ECHO_UNCACHED ->
                    Arrays.equals(output, Arrays.copyOfRange(input, "Echo\n".length(), input.length)) ? Tally.OK : WRONG;
            case STREAM -> text.equals(Integer.toString(STREAM_BYTES / STREAM_CHUNK)) ? Tally.OK : WRONG;
            case SESSION -> text.startsWith(OK_LINE) && text.contains("\"calls\":") ? Tally.OK
                    : text.startsWith(REOPENED_LINE) && text.endsWith("\"calls\":1}") ? REOPENED : WRONG;
        };
    }

    /** {@code seed} repeated to {@code size} bytes. */
    private static byte[] payload(String seed, int size) {
        byte[] unit = seed.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    private static byte[] withHeaders(byte[] payload, String... headers) {
        byte[] head = (String.join("\n", headers) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }
}
