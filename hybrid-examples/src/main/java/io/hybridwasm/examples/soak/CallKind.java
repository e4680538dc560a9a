package io.hybridwasm.examples.soak;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of call a soak caller makes, each through an entry of the committed
 * {@code remote_patterns} guest, and what a correct answer looks like.
 */
public enum CallKind {
    /** Echo with one of a few fixed payloads: after the first, served from the bridge's result cache. */
    ECHO_CACHED("echo-cached", "call_service", true),
    /** Echo with a payload never sent before: always a remote call (and a cache miss that fills the cache). */
    ECHO_UNCACHED("echo-uncached", "call_service", true),
    /** 4 KiB to Echo in four chunks over the instance's long-lived {@code stream_to_remote} stream. */
    STREAM("stream", "stream", false),
    /** {@code get_remote_session} and a call to SessionCounter in it: state on one replica. */
    SESSION("session", "session_call", false);

    /** The entry functions the kinds use; one node per entry. */
    public static final List<String> ENTRIES = List.of("call_service", "stream", "session_call");

    private static final int PAYLOAD = 256;
    private static final int CACHED_PAYLOADS = 8;
    private static final int STREAM_BYTES = 4096;
    private static final int STREAM_CHUNK = 1024;

    private final String label;
    private final String entry;
    private final boolean idempotent;

    CallKind(String label, String entry, boolean idempotent) {
        this.label = label;
        this.entry = entry;
        this.idempotent = idempotent;
    }

    /** The name printed in reports. */
    public String label() {
        return label;
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

    /** Whether {@code output} is the right answer to {@code input}. */
    boolean correct(byte[] input, byte[] output) {
        return switch (this) {
            case ECHO_CACHED, ECHO_UNCACHED -> Arrays.equals(output, Arrays.copyOfRange(input, "Echo\n".length(), input.length));
            case STREAM -> new String(output, StandardCharsets.US_ASCII).equals(Integer.toString(STREAM_BYTES / STREAM_CHUNK));
            case SESSION -> new String(output, StandardCharsets.UTF_8).contains("\"calls\":");
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
