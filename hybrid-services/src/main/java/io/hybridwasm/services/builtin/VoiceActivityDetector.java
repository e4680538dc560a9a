package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.internal.dsp.PcmDecoder;
import io.hybridwasm.services.internal.silero.AutomaticGain;
import io.hybridwasm.services.internal.silero.ChunkVerdict;
import io.hybridwasm.services.internal.silero.SharedSileroModel;
import io.hybridwasm.services.internal.silero.SileroDetector;
import io.hybridwasm.services.internal.silero.SileroModel;
import io.hybridwasm.services.internal.silero.StreamState;
import io.hybridwasm.services.internal.silero.WindowRunner;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.StreamHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Detects speech with the Silero VAD v4 neural network on ONNX Runtime: the remote, more
 * accurate half of a guest that decides locally when sure and asks here when not.
 *
 * <p><b>Input.</b> 16 kHz mono PCM: little-endian float32 ({@code PCM_F32LE}, or {@code RAW}
 * read the same way) or signed 16-bit ({@code PCM_S16LE}); interleaved channels are averaged.
 * The rate is config {@code "sample_rate"}, else the payload's, else 16000; any other rate is
 * refused with INVALID_ARGUMENT naming it (the service does not resample: the caller knows
 * its audio better). A payload that is not whole samples, or holds NaN or infinity, is
 * INVALID_ARGUMENT. Optional config {@code "threshold"} sets where {@code is_speech} turns
 * true: by default 0.4 for a stateless call, 0.7 in a session or stream or behind context.
 *
 * <p><b>Method.</b> In a session or stream a noise suppressor first lowers steady noise
 * ({@link io.hybridwasm.services.internal.silero.NoiseSuppressor}: a streaming Wiener filter,
 * output 256–511 samples behind the input). An automatic gain control then brings quiet audio
 * toward speech level ({@link AutomaticGain}: at most +30 dB, the noise floor never above −40 dBFS): per call from
 * the chunk's own levels when stateless, slowly and continuously across the chunks of a session
 * or stream. The model judges 1024-sample (64 ms) windows, carrying a recurrent state
 * from each window to the next. A call without a session starts from a fresh state. A call in
 * a session, and every chunk of a {@code Stream}, continues the state of the chunk before and
 * carries an incomplete trailing window over, so a stream cut into 0.5 s chunks is judged as
 * one signal (see {@link SileroDetector}). The model is loaded once per service instance,
 * when the first server hosting it starts, and closed when the last one stops.
 *
 * <p><b>Context.</b> A caller that judges most chunks itself and asks here only about some can
 * send, in front of such a chunk, audio of the same stream that this detector has not heard
 * (e.g. the second before it): a float32 payload ({@code PCM_F32LE} or {@code RAW}) may start
 * with the 8-byte prefix {@code 48 43 C1 7F} (read as a float32 sample it is a NaN, so never
 * audio) and the number {@code n} of context samples as a little-endian u32 (sample frames when
 * there are several channels); the PCM follows, its first {@code n} samples the context
 * ({@link #contextPayload} writes it). The context is heard as the stream's continuation
 * (suppressor, gain and recurrent state run through it) but not judged: the verdict, its windows
 * and its threshold are those of the chunk after it, judged as in a session. Without a session
 * the call is judged as a fresh stream that begins with the context. Why: without context the
 * network starts cold on a lone 0.5 s chunk and misses speech it hears in a stream (on the dev
 * sets a third of the chunks a hybrid asks about), and a session fed only the chunks asked about
 * sees jumps, not a stream. {@code n} larger than the samples sent is INVALID_ARGUMENT.
 *
 * <p><b>Failures.</b> When ONNX Runtime's native library cannot load on this platform or the
 * model is unreadable, {@link #start()} fails, and with it the server's start, with a message
 * naming the model: a server whose detector silently vanished would be worse. (An embedder who
 * wants a server without it registers the services it wants in its own registry.)
 *
 * <p><b>Output</b> (UTF-8 JSON, keys in this order; a guest-side scanner relies on the first
 * two): {@code {"is_speech":true,"confidence":0.931,"windows":8,"speech_windows":8,
 * "window_probabilities":[0.912,...],"window_ms":64,"gain_db":0.0,"model":"silero_vad_v4",
 * "source":"remote","stream_windows":8}}. {@code gain_db} is the gain the gain control applied. {@code confidence} is the chunk's speech probability: stateless, the
 * window probabilities averaged, each weighted by the share of the chunk its window covers; in a
 * session or stream, the highest probability among the chunk's own windows (its windows have the
 * context of the stream before them, so one confident window is enough; the window completed by
 * the chunk's first samples counts only if most of it is this chunk's).
 * {@code speech_windows} counts windows at or above the threshold; {@code stream_windows}
 * counts the windows of the session or stream so far. Empty audio is
 * {@code is_speech:false, confidence:0}.
 */
@AutoService(HostedService.class)
public final class VoiceActivityDetector extends HostedService {

    /** The name callers use. */
    public static final String NAME = "VoiceActivityDetector";
    private static final String STATE_KEY = "silero.state";
    /**
     * Below Silero's per-window 0.5 because the confidence averages windows: a chunk labelled
     * speech holds the short pauses between words, which the model hears as silence. On both
     * dev sets (seed 2, espeak-ng and recorded speech) 0.4 scored better than 0.5 (F1 0.964 /
     * 0.902 against 0.961 / 0.890); 0.3 let too much noise through on espeak-ng.
     */
    private static final double DEFAULT_THRESHOLD = 0.4;
    /**
     * In a session or stream a chunk is judged in the context of the chunks before it, and its
     * confidence is its most confident own window ({@link ChunkVerdict#byPeak}): a chunk labelled
     * speech may hold mostly the pauses of a phrase, which the mean dilutes. On the two dev sets
     * (seed 2, 0.5 s chunks, recorded / espeak-ng speech), the peak at 0.6 / 0.7 / 0.8 scored F1
     * 0.950 / 0.949 / 0.917 and 0.960 / 0.969 / 0.968; the mean at 0.25 / 0.3 / 0.4 scored
     * 0.943 / 0.940 / 0.906 and 0.947 / 0.952 / 0.964; hysteresis over windows or chunks no better.
     * Behind the noise suppressor, over six dev sets (recorded seeds 2, 4, 5, 6, espeak-ng 4, 5),
     * 0.5 / 0.6 / 0.7 averaged 0.953 / 0.960 / 0.963, so it stayed.
     */
    private static final double DEFAULT_CONTINUED_THRESHOLD = 0.7;
    private static final Set<PayloadEncoding> ACCEPTS =
            EnumSet.of(PayloadEncoding.PCM_F32LE, PayloadEncoding.PCM_S16LE, PayloadEncoding.RAW);

    /** {@code 48 43 C1 7F} read as a little-endian int: the context prefix's first four bytes. */
    private static final int CONTEXT_MAGIC = 0x7FC14348;
    private static final int CONTEXT_PREFIX_BYTES = 8;

    private final SharedSileroModel model;

    /** For {@link java.util.ServiceLoader}: runs the bundled {@code silero_vad.onnx}. */
    public VoiceActivityDetector() {
        this.model = new SharedSileroModel(SileroModel::loadBundled);
    }

    /**
     * Runs another export of the Silero VAD v4 network (same inputs {@code input, sr, h, c}
     * and outputs {@code output, hn, cn}), e.g. a retrained one.
     *
     * @param modelName what to call the model in messages, e.g. its file name
     * @param onnx the model file's bytes (kept, not copied)
     */
    public VoiceActivityDetector(String modelName, byte[] onnx) {
        this.model = new SharedSileroModel(() -> SileroModel.load(modelName, onnx));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Detects speech in 16 kHz PCM with the Silero VAD v4 network (ONNX Runtime); JSON out.";
    }

    /** True: without a session a call has no side effects (with one, it advances the session). */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public Set<PayloadEncoding> accepts() {
        return ACCEPTS;
    }

    /**
     * Loads the model (once for all servers hosting this instance).
     *
     * @throws IllegalStateException naming the model when ONNX Runtime or the model cannot be
     *     loaded
     */
    @Override
    public void start() {
        model.acquire();
    }

    /** Closes the model's ONNX session when no other server hosting this instance runs. */
    @Override
    public void stop() {
        model.release();
    }

    /** Whether the model is loaded now (for tests of the lifecycle). */
    boolean modelLoaded() {
        return model.isLoaded();
    }

    @Override
    public ServiceResult execute(ServiceCall call) {
        if (call.session().isEmpty()) {
            Request request = Request.of(call, false);
            if (request.context().isPresent()) {
                return request.answer(judgeContinued(request, new StreamState()));
            }
            return request.answer(model.with(m -> {
                try (WindowRunner runner = m.runner()) {
                    float[] samples = request.samples();
                    double gain = AutomaticGain.chunkGainDb(samples);
                    return SileroDetector.judge(runner, AutomaticGain.apply(samples, gain)).withGain(gain);
                }
            }));
        }
        Request request = Request.of(call, true);
        return request.answer(judgeContinued(request, call.session().get()
                .state(STATE_KEY, StreamState.class, StreamState::new)));
    }

    /**
     * A handler that keeps the recurrent state across the stream's chunks: the session's
     * state when the stream is opened in a session, the stream's own otherwise.
     */
    @Override
    public StreamHandler openStream(ServiceCall open) {
        StreamState state = open.session()
                .map(s -> s.state(STATE_KEY, StreamState.class, StreamState::new))
                .orElseGet(StreamState::new);
        return chunk -> {
            Request request = Request.of(chunk, true);
            return Optional.of(request.answer(judgeContinued(request, state)));
        };
    }

    private ChunkVerdict judgeContinued(Request request, StreamState state) {
        float[] samples = request.samples();
        int context = request.context().orElse(0);
        return model.with(m -> {
            synchronized (state) {
                try (WindowRunner runner = m.runner()) {
                    if (context > 0) {
                        advance(runner, state, Arrays.copyOf(samples, context));
                    }
                    float[] chunk = context == 0 ? samples : Arrays.copyOfRange(samples, context, samples.length);
                    return advance(runner, state, chunk).byPeak().withGain(state.gain().gainDb());
                }
            }
        });
    }

    /** Runs {@code samples} through the stream's suppressor, gain and model, continuing {@code state}. */
    private static ChunkVerdict advance(WindowRunner runner, StreamState state, float[] samples) {
        int previous = state.suppressor().heldBack();
        float[] filtered = state.gain().process(state.suppressor().process(samples));
        return SileroDetector.judgeContinued(runner, filtered, state, previous);
    }

    /**
     * A float32 payload that sends {@code context} (heard, not judged) in front of {@code chunk}:
     * the context prefix, then both as little-endian float32, for {@code PCM_F32LE} or {@code RAW}.
     */
    public static byte[] contextPayload(float[] context, float[] chunk) {
        ByteBuffer out = ByteBuffer.allocate(CONTEXT_PREFIX_BYTES + 4 * (context.length + chunk.length))
                .order(ByteOrder.LITTLE_ENDIAN).putInt(CONTEXT_MAGIC).putInt(context.length);
        out.asFloatBuffer().put(context).put(chunk);
        return out.array();
    }

    /**
     * One call's decoded audio and settings.
     *
     * @param context how many of the first samples are context, heard and not judged (empty: no
     *     context prefix; a prefix of 0 samples still makes a stateless call a fresh stream)
     */
    private record Request(float[] samples, OptionalInt context, double threshold) {

        /** @param continued whether the call continues a session or stream */
        static Request of(ServiceCall call, boolean continued) {
            long rate = call.longConfig("sample_rate", call.sampleRate() > 0 ? call.sampleRate() : SileroModel.SAMPLE_RATE);
            if (rate != SileroModel.SAMPLE_RATE) {
                throw ServiceException.invalidArgument(NAME + ": sample rate " + rate + " Hz, expected "
                        + SileroModel.SAMPLE_RATE + " (Silero VAD v4 runs on 16 kHz audio; resample before sending)");
            }
            ByteBuffer data = call.data().order(ByteOrder.LITTLE_ENDIAN);
            long context = -1;
            boolean floats = call.encoding() == PayloadEncoding.PCM_F32LE || call.encoding() == PayloadEncoding.RAW;
            if (floats && data.remaining() >= 4 && data.getInt(0) == CONTEXT_MAGIC) {
                if (data.remaining() < CONTEXT_PREFIX_BYTES) {
                    throw ServiceException.invalidArgument(NAME + ": context prefix of " + data.remaining()
                            + " bytes, expected " + CONTEXT_PREFIX_BYTES + " (48 43 C1 7F, then the context's length as u32)");
                }
                context = Integer.toUnsignedLong(data.getInt(4));
                data.position(CONTEXT_PREFIX_BYTES);
            }
            float[] samples = PcmDecoder.decode(call.encoding(), data.slice(), call.channels());
            if (context > samples.length) {
                throw ServiceException.invalidArgument(NAME + ": context of " + context
                        + " samples, but only " + samples.length + " samples were sent");
            }
            double threshold = call.doubleConfig("threshold",
                    continued || context >= 0 ? DEFAULT_CONTINUED_THRESHOLD : DEFAULT_THRESHOLD);
            if (threshold < 0 || threshold > 1) {
                throw ServiceException.invalidArgument(NAME + ": config 'threshold' must be in 0..1, was " + threshold);
            }
            return new Request(samples, context < 0 ? OptionalInt.empty() : OptionalInt.of((int) context), threshold);
        }

        ServiceResult answer(ChunkVerdict verdict) {
            return ServiceResult.json(toJson(verdict, threshold)).withMetadata(Map.of(
                    "windows", Integer.toString(verdict.probabilities().length),
                    "sample_rate", Integer.toString(SileroModel.SAMPLE_RATE),
                    "model", SileroModel.MODEL_ID));
        }
    }

    /** Renders a verdict; "is_speech" and "confidence" must stay the first two keys. */
    static String toJson(ChunkVerdict verdict, double threshold) {
        float[] p = verdict.probabilities();
        StringBuilder json = new StringBuilder(200 + 6 * p.length)
                .append("{\"is_speech\":").append(verdict.confidence() >= threshold)
                .append(",\"confidence\":").append(fixed3(verdict.confidence()))
                .append(",\"windows\":").append(p.length)
                .append(",\"speech_windows\":").append(verdict.windowsAtLeast(threshold))
                .append(",\"window_probabilities\":[");
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(fixed3(p[i]));
        }
        return json.append("],\"window_ms\":").append(SileroModel.WINDOW * 1000 / SileroModel.SAMPLE_RATE)
                .append(",\"gain_db\":").append(String.format(Locale.ROOT, "%.1f", verdict.gainDb()))
                .append(",\"model\":\"").append(SileroModel.MODEL_ID)
                .append("\",\"source\":\"remote\",\"stream_windows\":").append(verdict.streamWindows())
                .append('}').toString();
    }

    private static String fixed3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
