package io.hybridwasm.examples.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One labelled stretch of speech, in seconds, and the Audacity label-track format the corpus
 * stores them in ({@code start<TAB>end<TAB>label} per line; every label marks speech).
 */
public record Label(double start, double end) {

    public Label {
        if (!(start >= 0 && end >= start)) {
            throw new IllegalArgumentException("label " + start + ".." + end + " is not a stretch of time");
        }
    }

    /** Reads an Audacity label track; a malformed line is refused naming the file and line. */
    public static List<Label> read(Path file) throws IOException {
        List<Label> labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("\\")) {
                continue; // Audacity writes spectral-selection lines starting with a backslash
            }
            String[] fields = line.split("\t");
            try {
                labels.add(new Label(Double.parseDouble(fields[0].strip()), Double.parseDouble(fields[1].strip())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected start<TAB>end<TAB>label in seconds, got '"
                        + line + "'");
            }
        }
        return labels;
    }

    /** Writes {@code labels} as an Audacity label track, each labelled {@code speech}. */
    public static void write(Path file, List<Label> labels) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Label l : labels) {
            text.append(String.format(Locale.ROOT, "%.6f\t%.6f\tspeech%n", l.start(), l.end()));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Seconds of overlap between this label and {@code [from, to)}. */
    public double overlap(double from, double to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
}
