package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.corpus.Label;
import io.hybridwasm.examples.corpus.LabelledClip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation as one self-contained HTML page: the summary table, then per file its
 * waveform and a lane per mode under the labelled truth, all inline SVG (no scripts, no
 * network). Speech is green, non-speech grey; a chunk answered remotely has a dark outline; a
 * wrong verdict gets a red mark under its lane.
 */
public final class HtmlReport {
    static final String SPEECH = "#2e9e4f";
    static final String SILENCE = "#d9dde3";
    static final String WRONG = "#d32f2f";
    private static final int WIDTH = 960;
    private static final int WAVE_HEIGHT = 60;
    private static final int LANE = 16;
    private static final int LABEL_WIDTH = 70;

    private HtmlReport() {
    }

    public static void write(EvalResult result, Path file) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hybrid eval vad</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("h2{font-size:15px;margin:22px 0 4px}.k{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 4px 0 12px}")
                .append("</style></head><body>\n<h1>hybrid eval vad</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>%d files, chunks of %.2f s, uncertain band %s&ndash;%s. ",
                result.clips().size(), result.chunkSeconds(), result.band().lo(), result.band().hi()))
                .append("A chunk counts as speech when labels cover &ge;50&nbsp;% of it, non-speech at &le;10&nbsp;%, otherwise it is not scored.</p>\n");
        summary(h, result.overall());
        h.append("<p><span class=\"k\" style=\"background:").append(SPEECH).append("\"></span>speech")
                .append("<span class=\"k\" style=\"background:").append(SILENCE).append("\"></span>non-speech")
                .append("<span class=\"k\" style=\"border:2px solid #000\"></span>answered remotely")
                .append("<span class=\"k\" style=\"background:").append(WRONG).append("\"></span>wrong</p>\n");
        for (LabelledClip clip : result.clips()) {
            Map<EvalMode, Scores> scores = result.of(clip.file());
            h.append("<h2>").append(escape(clip.file())).append("</h2><div>");
            for (Scores s : scores.values()) {
                h.append(String.format(Locale.ROOT, "%s F1 %s, accuracy %s; ", s.mode().label(),
                        ScoreTable.fixed(s.f1()), ScoreTable.fixed(s.accuracy())));
            }
            h.append("</div>\n");
            clipSvg(h, result, clip);
        }
        h.append("</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static void summary(StringBuilder h, Map<EvalMode, Scores> overall) {
        h.append("<table><tr><th>mode</th><th>precision</th><th>recall</th><th>F1</th><th>accuracy</th>")
                .append("<th>sent remote</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
        for (Scores s : overall.values()) {
            h.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f %%</td><td>%.2f</td><td>%.2f</td></tr>%n",
                    s.mode().label(), ScoreTable.fixed(s.precision()), ScoreTable.fixed(s.recall()), ScoreTable.fixed(s.f1()),
                    ScoreTable.fixed(s.accuracy()), 100 * s.remoteShare(), s.p50Millis(), s.p99Millis()));
        }
        h.append("</table>\n");
    }

    private static void clipSvg(StringBuilder h, EvalResult result, LabelledClip clip) {
        double seconds = Math.max(clip.seconds(), 1e-3);
        double scale = (WIDTH - LABEL_WIDTH) / seconds;
        int lanes = 1 + result.modes().size();
        int height = WAVE_HEIGHT + lanes * (LANE + 8) + 4;
        h.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\" font-family=\"sans-serif\">%n", WIDTH, height));
        waveform(h, clip.samples(), WIDTH - LABEL_WIDTH);
        int y = WAVE_HEIGHT + 4;
        lane(h, "truth", y);
        for (Label l : clip.labels()) {
            rect(h, LABEL_WIDTH + l.start() * scale, y, (l.end() - l.start()) * scale, LANE, SPEECH, false);
        }
        for (EvalMode mode : result.modes()) {
            y += LANE + 8;
            lane(h, mode.label(), y);
            for (ChunkVerdict v : result.verdicts(clip.file(), mode)) {
                double x = LABEL_WIDTH + v.startS() * scale;
                double w = (v.endS() - v.startS()) * scale;
                rect(h, x + 0.5, y, w - 1, LANE, v.verdict().isSpeech() ? SPEECH : SILENCE, v.verdict().remote());
                if (v.truth() != Truth.EXCLUDED && !v.correct()) {
                    rect(h, x + 0.5, y + LANE + 1, w - 1, 3, WRONG, false);
                }
            }
        }
        h.append("</svg>\n");
    }

    private static void waveform(StringBuilder h, float[] samples, int width) {
        int mid = WAVE_HEIGHT / 2;
        double peak = 1e-6;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        StringBuilder path = new StringBuilder();
        for (int px = 0; px < width; px++) {
            int from = (int) ((long) px * samples.length / width);
            int to = Math.max(from + 1, (int) ((long) (px + 1) * samples.length / width));
            float lo = 0;
            float hi = 0;
            for (int i = from; i < Math.min(to, samples.length); i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            path.append(String.format(Locale.ROOT, "M%d %.1fV%.1f", LABEL_WIDTH + px,
                    mid - hi / peak * (mid - 2), mid - lo / peak * (mid - 2) + 0.5));
        }
        h.append("<text x=\"0\" y=\"").append(mid + 4).append("\">audio</text>")
                .append("<path stroke=\"#3b5b92\" stroke-width=\"1\" d=\"").append(path).append("\"/>\n");
    }

    private static void lane(StringBuilder h, String name, int y) {
        h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f5f6f8\"/>%n",
                y + LANE - 4, name, LABEL_WIDTH, y, WIDTH - LABEL_WIDTH, LANE));
    }

    private static void rect(StringBuilder h, double x, double y, double w, double height, String fill, boolean outline) {
        h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s/>",
                x, y, Math.max(w, 0.5), height, fill, outline ? " stroke=\"#000\" stroke-width=\"1.5\"" : ""));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
