package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.vad.VadVerdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One chunk of one file as judged in one mode: where it is, what the labels say, what the
 * guest said, and how long the call took.
 */
public record ChunkVerdict(String file, double startS, double endS, EvalMode mode, Truth truth,
                           VadVerdict verdict, long micros) {

    /** The verdicts-file line: {@code {"file":..,"start_s":..,"end_s":..,"mode":..,"is_speech":..,"confidence":..,"source":..}}. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"file\":\"%s\",\"start_s\":%s,\"end_s\":%s,\"mode\":\"%s\",\"is_speech\":%s,\"confidence\":%s,\"source\":\"%s\"}",
                escape(file), number(startS), number(endS), mode.label(), verdict.isSpeech(),
                number(verdict.confidence()), escape(verdict.source()));
    }

    /** Writes {@code verdicts} as JSON lines, one object per chunk and mode. */
    public static void writeJsonLines(List<ChunkVerdict> verdicts, Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (ChunkVerdict v : verdicts) {
            b.append(v.toJson()).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** True when the chunk is scored and the verdict matches the truth. */
    public boolean correct() {
        return truth != Truth.EXCLUDED && verdict.isSpeech() == (truth == Truth.SPEECH);
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
