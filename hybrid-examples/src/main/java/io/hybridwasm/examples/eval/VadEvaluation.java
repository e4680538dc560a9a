package io.hybridwasm.examples.eval;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.examples.audio.WavFile;
import io.hybridwasm.examples.corpus.LabelledClip;
import io.hybridwasm.examples.vad.HybridVadExample;
import io.hybridwasm.examples.vad.VadVerdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores the {@code intelligent_vad} guest on labelled clips: every chunk of every clip goes
 * through the real guest ({@link WasmNode}) in each {@link EvalMode}, and in the remote and
 * hybrid modes the guest calls the real {@code VoiceActivityDetector} at {@code target}. The
 * chunks are timed one call at a time after a warm-up, so the latencies are the JIT's.
 *
 * <p>Each clip is one stream, as an edge device streaming one audio source sends it: in remote
 * and hybrid mode every chunk names its clip (a stream header), so the detector judges the
 * chunks it is asked about in the clip's session; two clips never share state. Remote mode asks
 * about every chunk, so the session hears the whole clip; hybrid mode asks about some, and the
 * guest sends the audio the session has not heard (up to 2 s) as context before each.
 */
public final class VadEvaluation {
    private static final long PLATEAU_NANOS = 2_000_000_000L;
    /** Generous: the first calls run interpreted while the JIT compiles, on a machine that may be busy. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** The eval scores verdicts, not latency: a remote call that is slow on a busy machine still counts. */
    private static final Duration REMOTE_DEADLINE = Duration.ofSeconds(30);
    private final WasmRuntime runtime;
    private final String target;
    private final List<LabelledClip> clips;
    private final List<EvalMode> modes;
    private final EvalMode.Band band;
    private final double chunkSeconds;
    private final Duration warmUp;
    private final ModuleSource module;

    private VadEvaluation(Builder b) {
        this.runtime = Objects.requireNonNull(b.runtime, "runtime");
        this.target = Objects.requireNonNull(b.target, "target");
        this.clips = List.copyOf(Objects.requireNonNull(b.clips, "clips"));
        this.modes = List.copyOf(b.modes);
        this.band = b.band;
        this.chunkSeconds = b.chunkSeconds;
        this.warmUp = b.warmUp;
        this.module = b.module != null ? b.module
                : ModuleSource.ofResource(HybridVadExample.MODULE_RESOURCE, VadEvaluation.class.getClassLoader());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every mode over every chunk. The modes take turns chunk by chunk (local, remote,
     * hybrid on chunk 1, then on chunk 2, ...), so all of them are timed in the same JIT and
     * machine state; the verdicts come back grouped by mode, each in file and time order.
     */
    public EvalResult run() {
        int chunkSamples = (int) Math.round(chunkSeconds * WavFile.SAMPLE_RATE);
        Map<EvalMode, WasmNode> nodes = new EnumMap<>(EvalMode.class);
        Map<EvalMode, List<ChunkVerdict>> byMode = new EnumMap<>(EvalMode.class);
        try {
            for (EvalMode mode : modes) {
                nodes.put(mode, runtime.load(WasmConfig.builder(module)
                        .entryFunction(mode.entry())
                        .allowService("VoiceActivityDetector")
                        .remote(RemoteConfig.builder().target(target).deadline(REMOTE_DEADLINE).build())
                        .maxInstances(1)
                        .callTimeout(CALL_TIMEOUT)
                        .build()));
                byMode.put(mode, new ArrayList<>());
            }
            warmUp(nodes, chunkSamples);
            for (int c = 0; c < clips.size(); c++) {
                LabelledClip clip = clips.get(c);
                String stream = "clip-" + c;
                for (int from = 0; from + chunkSamples <= clip.samples().length; from += chunkSamples) {
                    for (EvalMode mode : modes) {
                        byMode.get(mode).add(judge(nodes.get(mode), mode, clip, from, chunkSamples, stream));
                    }
                }
            }
        } finally {
            nodes.values().forEach(WasmNode::close);
        }
        List<ChunkVerdict> verdicts = new ArrayList<>();
        modes.forEach(m -> verdicts.addAll(byMode.get(m)));
        return new EvalResult(clips, verdicts, modes, band, chunkSeconds);
    }

    private ChunkVerdict judge(WasmNode node, EvalMode mode, LabelledClip clip, int from, int length, String stream) {
        byte[] input = mode.input(TestSignal.toPcm(Arrays.copyOfRange(clip.samples(), from, from + length)), band, stream);
        double start = (double) from / WavFile.SAMPLE_RATE;
        double end = (double) (from + length) / WavFile.SAMPLE_RATE;
        long t0 = System.nanoTime();
        byte[] output;
        try {
            output = node.process(input);
        } catch (RuntimeException e) {
            throw new IllegalStateException(clip.file() + " at " + start + " s (" + mode.label() + "): " + e.getMessage(), e);
        }
        long micros = (System.nanoTime() - t0) / 1000;
        return new ChunkVerdict(clip.file(), start, end, mode, Truth.of(clip.labels(), start, end),
                VadVerdict.parse(output), micros);
    }

    /**
     * Untimed rounds of up to 20 chunks in every mode until the JIT has compiled the guest: at least
     * {@code warmUp}, then until no round has been 10 % faster than the best for 2 s, at most
     * ten times {@code warmUp}. Background compilation takes longer on a loaded machine, hence
     * a plateau rather than a fixed count.
     */
    private void warmUp(Map<EvalMode, WasmNode> nodes, int chunkSamples) {
        if (warmUp.isZero()) {
            return;
        }
        List<int[]> chunks = new ArrayList<>();
        for (int c = 0; c < clips.size() && chunks.size() < 20; c++) {
            for (int from = 0; from + chunkSamples <= clips.get(c).samples().length && chunks.size() < 20; from += chunkSamples) {
                chunks.add(new int[] {c, from});
            }
        }
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        long lastImprovement = start;
        while (true) {
            long roundStart = System.nanoTime();
            for (int[] chunk : chunks) {
                nodes.forEach((mode, node) -> judge(node, mode, clips.get(chunk[0]), chunk[1], chunkSamples,
                        "warm-up-" + chunk[0]));
            }
            long now = System.nanoTime();
            if (now - roundStart < best * 0.9) {
                best = now - roundStart;
                lastImprovement = now;
            }
            long elapsed = now - start;
            if (elapsed > warmUp.toNanos() && now - lastImprovement > PLATEAU_NANOS || elapsed > 10 * warmUp.toNanos()) {
                return;
            }
        }
    }

    /** Options; {@link #runtime}, {@link #target} and {@link #clips} are required. */
    public static final class Builder {
        private WasmRuntime runtime;
        private String target;
        private List<LabelledClip> clips;
        private List<EvalMode> modes = List.of(EvalMode.values());
        private EvalMode.Band band = EvalMode.Band.DEFAULT;
        private double chunkSeconds = 0.5;
        private Duration warmUp = Duration.ofSeconds(3);
        private ModuleSource module;

        private Builder() {
        }

        public Builder runtime(WasmRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** The server with the {@code VoiceActivityDetector}, {@code HOST:PORT}. */
        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder clips(List<LabelledClip> clips) {
            this.clips = clips;
            return this;
        }

        public Builder modes(List<EvalMode> modes) {
            if (modes.isEmpty()) {
                throw new IllegalArgumentException("--mode: at least one of local, remote, hybrid");
            }
            this.modes = List.copyOf(modes);
            return this;
        }

        public Builder band(EvalMode.Band band) {
            this.band = band;
            return this;
        }

        public Builder chunk(Duration chunk) {
            double seconds = chunk.toNanos() / 1e9;
            if (seconds < 0.02 || seconds > 10) {
                throw new IllegalArgumentException("--chunk " + chunk.toMillis() + "ms: expected between 20ms and 10s");
            }
            this.chunkSeconds = seconds;
            return this;
        }

        /** Least time to run chunks untimed first, so the JIT has compiled the guest (default 3 s; zero: none). */
        public Builder warmUp(Duration warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /** The guest to evaluate (default: the committed {@code intelligent_vad}). */
        public Builder module(ModuleSource module) {
            this.module = module;
            return this;
        }

        public VadEvaluation build() {
            return new VadEvaluation(this);
        }
    }
}
