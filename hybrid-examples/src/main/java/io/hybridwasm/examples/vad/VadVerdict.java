package io.hybridwasm.examples.vad;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON verdict of the {@code intelligent_vad} guest, e.g.
 * {@code {"is_speech":false,"confidence":0.104,"source":"remote","local_confidence":0.472}}.
 *
 * @param remoteStatus the ABI status of a remote check that failed, when one did
 */
public record VadVerdict(boolean isSpeech, double confidence, String source, OptionalInt remoteStatus) {
    private static final Pattern SPEECH = Pattern.compile("\"is_speech\"\\s*:\\s*(true|false)");
    private static final Pattern CONFIDENCE = Pattern.compile("\"confidence\"\\s*:\\s*(-?[0-9.eE+-]+)");
    private static final Pattern SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern STATUS = Pattern.compile("\"remote_status\"\\s*:\\s*(-?\\d+)");

    /** Reads the guest's output; throws {@link IllegalArgumentException} naming the text when a field is missing. */
    public static VadVerdict parse(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return new VadVerdict(
                Boolean.parseBoolean(field(SPEECH, text).orElseThrow(() -> missing("is_speech", text))),
                Double.parseDouble(field(CONFIDENCE, text).orElseThrow(() -> missing("confidence", text))),
                field(SOURCE, text).orElseThrow(() -> missing("source", text)),
                field(STATUS, text).map(s -> OptionalInt.of(Integer.parseInt(s))).orElse(OptionalInt.empty()));
    }

    public boolean remote() {
        return "remote".equals(source);
    }

    private static Optional<String> field(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static IllegalArgumentException missing(String field, String text) {
        return new IllegalArgumentException("VAD output has no " + field + ": " + text);
    }
}
