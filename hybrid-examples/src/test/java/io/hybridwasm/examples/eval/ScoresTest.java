package io.hybridwasm.examples.eval;

import io.hybridwasm.examples.corpus.Label;
import io.hybridwasm.examples.vad.VadVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoresTest {

    @Test
    void truthFollowsCoverage() {
        List<Label> labels = List.of(new Label(0.25, 1.0), new Label(1.45, 1.6));
        assertEquals(Truth.SPEECH, Truth.of(labels, 0.0, 0.5), "exactly half covered");
        assertEquals(Truth.SPEECH, Truth.of(labels, 0.5, 1.0));
        assertEquals(Truth.NON_SPEECH, Truth.of(labels, 1.0, 1.5), "a tenth covered");
        assertEquals(Truth.EXCLUDED, Truth.of(labels, 1.5, 2.0), "a fifth covered");
        assertEquals(Truth.NON_SPEECH, Truth.of(labels, 2.0, 2.5));
    }

    @Test
    void confusionCountsGivePrecisionRecallF1AndExcludedChunksOnlyCountForRemoteShare() {
        List<ChunkVerdict> verdicts = List.of(
                chunk(Truth.SPEECH, true, "local", 100),
                chunk(Truth.SPEECH, true, "remote", 300),
                chunk(Truth.SPEECH, false, "local", 200),
                chunk(Truth.NON_SPEECH, true, "remote", 400),
                chunk(Truth.NON_SPEECH, false, "local", 500),
                chunk(Truth.EXCLUDED, true, "remote", 600));
        Scores s = Scores.of(EvalMode.HYBRID, verdicts);
        assertEquals(6, s.chunks());
        assertEquals(5, s.scored());
        assertEquals(2.0 / 3, s.precision(), 1e-12);
        assertEquals(2.0 / 3, s.recall(), 1e-12);
        assertEquals(2.0 / 3, s.f1(), 1e-12);
        assertEquals(3.0 / 5, s.accuracy(), 1e-12);
        assertEquals(0.5, s.remoteShare(), 1e-12);
        assertEquals(0.3, s.p50Millis(), 1e-12);
        assertEquals(0.6, s.p99Millis(), 1e-12);
    }

    @Test
    void aFileWithoutSpeechHasNoF1ButAnAccuracy() {
        Scores s = Scores.of(EvalMode.LOCAL, List.of(chunk(Truth.NON_SPEECH, false, "local", 1)));
        assertEquals(Double.NaN, s.f1());
        assertEquals(1.0, s.accuracy());
    }

    @Test
    void verdictLinesHaveTheDocumentedShape() {
        ChunkVerdict v = new ChunkVerdict("a.wav", 0.5, 1.0, EvalMode.HYBRID, Truth.SPEECH,
                new VadVerdict(true, 0.82, "local", OptionalInt.empty()), 10);
        assertEquals("{\"file\":\"a.wav\",\"start_s\":0.5,\"end_s\":1.0,\"mode\":\"hybrid\",\"is_speech\":true,"
                + "\"confidence\":0.82,\"source\":\"local\"}", v.toJson());
    }

    private static ChunkVerdict chunk(Truth truth, boolean said, String source, long micros) {
        return new ChunkVerdict("f.wav", 0, 0.5, EvalMode.HYBRID, truth,
                new VadVerdict(said, 0.5, source, OptionalInt.empty()), micros);
    }
}
