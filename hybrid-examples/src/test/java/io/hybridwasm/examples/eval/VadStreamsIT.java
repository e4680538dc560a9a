package io.hybridwasm.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.Hybrid;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.corpus.Label;
import io.hybridwasm.examples.corpus.LabelledClip;
import io.hybridwasm.examples.vad.HybridVadExample;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.builtin.VoiceActivityDetector;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eval streams each clip the way an edge device streams one audio source: the committed
 * {@code intelligent_vad} guest, given the clip's stream header, asks the real Silero detector
 * (behind a real server on loopback) in one session per clip. The server's own answer says
 * how far the session's state has run ({@code stream_windows}), so the test sees state carried
 * from chunk to chunk within a clip and started afresh for the next clip.
 */
class VadStreamsIT {
    private static final Pattern STREAM_WINDOWS = Pattern.compile("\"stream_windows\":(\\d+)");
    private static final List<Heard> HEARD = Collections.synchronizedList(new ArrayList<>());
    private static HybridServer server;
    private static WasmRuntime runtime;

    /** What the detector was asked: in which session (empty: none) and how far that state had run. */
    record Heard(String session, long streamWindows) {
    }

    @BeforeAll
    static void start() throws Exception {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new Listening(new VoiceActivityDetector()));
        server = HybridServer.builder().port(0).registry(registry).build().start();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        HEARD.clear();
    }

    @Test
    void remoteModeJudgesEachClipInItsOwnSessionChunkAfterChunk() {
        evaluate(EvalMode.REMOTE);
        assertEquals(6, HEARD.size(), "three chunks of each clip: " + HEARD);
        List<Heard> first = HEARD.subList(0, 3);
        List<Heard> second = HEARD.subList(3, 6);
        assertEquals(1, first.stream().map(Heard::session).distinct().count(), "one session per clip: " + HEARD);
        assertEquals(1, second.stream().map(Heard::session).distinct().count(), "one session per clip: " + HEARD);
        assertTrue(!first.get(0).session().isEmpty() && !second.get(0).session().isEmpty(), HEARD.toString());
        assertNotEquals(first.get(0).session(), second.get(0).session(), "two clips never share a session");
        // 8000 samples a chunk, 1024 a window: 7, 15, 23 windows as one signal, and the next clip starts over
        List<Long> windows = HEARD.stream().map(Heard::streamWindows).toList();
        assertEquals(List.of(7L, 15L, 23L, 7L, 15L, 23L), windows, "state continues within a clip only");
    }

    @Test
    void hybridModeAsksInTheClipsSession() {
        evaluate(EvalMode.HYBRID);
        assertEquals(List.of(7L, 15L, 23L, 7L, 15L, 23L), HEARD.stream().map(Heard::streamWindows).toList(),
                "the band (-1, 2) asks about every chunk, in the clip's session: " + HEARD);
        assertEquals(2, HEARD.stream().map(Heard::session).distinct().count(), HEARD.toString());
    }

    /**
     * Two chunks the guest judges itself, then one it asks about: the session hears all three,
     * the first two as context, so its state has run as far as if it had been asked about each.
     */
    @Test
    void theChunksAHybridJudgesItselfReachTheSessionAsContext() {
        float[] clip = TestSignal.SPEECH.samples(1.5, 1);
        EvalMode.Band never = new EvalMode.Band(0.5, 0.5);
        try (WasmNode node = runtime.load(WasmConfig.builder(ModuleSource.ofResource(
                        HybridVadExample.MODULE_RESOURCE, VadStreamsIT.class.getClassLoader()))
                .entryFunction(EvalMode.HYBRID.entry()).allowService(VoiceActivityDetector.NAME)
                .remote(RemoteConfig.builder().target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(30)).build())
                .callTimeout(Duration.ofSeconds(60)).build())) {
            for (int chunk = 0; chunk < 3; chunk++) {
                byte[] pcm = TestSignal.toPcm(Arrays.copyOfRange(clip, chunk * 8000, (chunk + 1) * 8000));
                String out = new String(node.process(EvalMode.HYBRID.input(pcm,
                        chunk < 2 ? never : EvalMode.Band.ALWAYS_REMOTE, "clip")), StandardCharsets.UTF_8);
                assertTrue(out.contains(chunk < 2 ? "\"source\":\"local\"" : "\"source\":\"remote\""), out);
            }
        }
        assertEquals(1, HEARD.size(), "one call: " + HEARD);
        assertEquals(23L, HEARD.get(0).streamWindows(), "1.5 s heard, as in remote mode: " + HEARD);
        assertFalse(HEARD.get(0).session().isEmpty(), HEARD.toString());
    }

    private static void evaluate(EvalMode mode) {
        List<LabelledClip> clips = List.of(
                new LabelledClip("a.wav", TestSignal.SPEECH.samples(1.5, 1), List.of(new Label(0, 1.5))),
                new LabelledClip("b.wav", TestSignal.NOISE.samples(1.5, 2), List.of()));
        EvalResult result = VadEvaluation.builder().runtime(runtime).target("127.0.0.1:" + server.port())
                .clips(clips).modes(List.of(mode)).band(EvalMode.Band.ALWAYS_REMOTE).warmUp(Duration.ZERO)
                .build().run();
        assertEquals(6, result.verdicts().size());
        assertTrue(result.verdicts().stream().allMatch(v -> "remote".equals(v.verdict().source())), "all asked remotely");
    }

    /** The real detector, noting each call's session and the state its answer reports. */
    private static final class Listening extends HostedService {
        private final VoiceActivityDetector detector;

        Listening(VoiceActivityDetector detector) {
            this.detector = detector;
        }

        @Override
        public String name() {
            return detector.name();
        }

        @Override
        public String description() {
            return detector.description();
        }

        @Override
        public boolean idempotent() {
            return detector.idempotent();
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return detector.accepts();
        }

        @Override
        public void start() {
            detector.start();
        }

        @Override
        public void stop() {
            detector.stop();
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            ServiceResult result = detector.execute(call);
            Matcher m = STREAM_WINDOWS.matcher(result.text());
            assertTrue(m.find(), result.text());
            HEARD.add(new Heard(call.session().map(ServiceSession::id).orElse(""), Long.parseLong(m.group(1))));
            return result;
        }
    }
}
