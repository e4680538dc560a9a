package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.corpus.LabelledClip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything an evaluation produced: the clips, every chunk verdict, and the band used. */
public record EvalResult(List<LabelledClip> clips, List<ChunkVerdict> verdicts, List<EvalMode> modes,
                         EvalMode.Band band, double chunkSeconds) {

    /** Scores per mode over the whole corpus, in mode order. */
    public Map<EvalMode, Scores> overall() {
        Map<EvalMode, Scores> scores = new LinkedHashMap<>();
        for (EvalMode m : modes) {
            scores.put(m, Scores.of(m, verdicts.stream().filter(v -> v.mode() == m).toList()));
        }
        return scores;
    }

    /** Scores per mode for one file. */
    public Map<EvalMode, Scores> of(String file) {
        Map<EvalMode, Scores> scores = new LinkedHashMap<>();
        for (EvalMode m : modes) {
            scores.put(m, Scores.of(m, verdicts.stream().filter(v -> v.mode() == m && v.file().equals(file)).toList()));
        }
        return scores;
    }

    /** The verdicts of one file in one mode, in time order. */
    public List<ChunkVerdict> verdicts(String file, EvalMode mode) {
        return verdicts.stream().filter(v -> v.mode() == mode && v.file().equals(file)).toList();
    }
}
