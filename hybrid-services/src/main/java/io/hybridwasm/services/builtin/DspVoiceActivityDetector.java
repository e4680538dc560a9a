package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.internal.dsp.PcmDecoder;
import io.hybridwasm.services.internal.dsp.VadDecision;
import io.hybridwasm.services.internal.dsp.VadParameters;
import io.hybridwasm.services.internal.dsp.VadState;
import io.hybridwasm.services.internal.dsp.VoiceActivityClassifier;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Detects speech in PCM audio with hand-written DSP (no model): the detector that
 * {@code VoiceActivityDetector} was before it ran Silero VAD, kept under its own name
 * ({@value #NAME}) so the two can be compared on the same audio.
 *
 * <p><b>Input.</b> Mono little-endian float32 PCM ({@code PCM_F32LE}, or {@code RAW} read the
 * same way) or signed 16-bit ({@code PCM_S16LE}); interleaved multi-channel audio is averaged.
 * Sample rate from config {@code "sample_rate"}, else the payload's, else 16000. Optional
 * config: {@code "threshold"} (frame score threshold, default 0.5) and {@code "hangover_ms"}
 * (default 200). A payload that is not whole samples is INVALID_ARGUMENT.
 *
 * <p><b>Method.</b> 20 ms frames without overlap; per frame, log energy against an adaptive
 * noise floor, zero-crossing rate, spectral flatness and peak concentration from a 512-point
 * FFT of the Hann-windowed frame; then onset and hangover smoothing. White noise, however
 * loud, is rejected (flat spectrum, high zero-crossing rate), as is a pure tone (all power
 * in one peak). See {@link VoiceActivityClassifier}.
 *
 * <p><b>Sessions.</b> With a session, the noise floor, the smoothing state and an incomplete
 * last frame carry over to the session's next call, so a stream of short chunks is judged as
 * one continuous signal. Without one, each call starts fresh and is idempotent.
 *
 * <p><b>Output</b> (UTF-8 JSON, keys in this order; a guest-side scanner relies on the first
 * two): {@code {"is_speech":true,"confidence":0.873,"frames":[1,1,0],"speech_ratio":0.62,
 * "frame_ms":20,"source":"remote","session_frames":150}}. {@code confidence} is how likely
 * the payload contains speech (0..1; {@code is_speech} is {@code confidence >= 0.5});
 * {@code frames} are the smoothed per-frame decisions; {@code session_frames} counts the frames
 * seen in the session (in this call when stateless). Empty audio is
 * {@code is_speech:false, confidence:0}.
 */
@AutoService(HostedService.class)
public final class DspVoiceActivityDetector extends HostedService {

    /** The name callers use. */
    public static final String NAME = "DspVoiceActivityDetector";
    private static final String STATE_KEY = "vad.state";
    private static final Set<PayloadEncoding> ACCEPTS =
            EnumSet.of(PayloadEncoding.PCM_F32LE, PayloadEncoding.PCM_S16LE, PayloadEncoding.RAW);

    /** For {@link java.util.ServiceLoader}. */
    public DspVoiceActivityDetector() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Detects speech in 16 kHz PCM with DSP (energy, zero-crossing rate, spectral flatness); JSON out.";
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

    @Override
    public ServiceResult execute(ServiceCall call) {
        VadParameters params = parameters(call);
        float[] samples = PcmDecoder.decode(call.encoding(), call.data(), call.channels());
        VadDecision decision;
        if (call.session().isPresent()) {
            ServiceSession session = call.session().get();
            VadState state = session.state(STATE_KEY, VadState.class, VadState::new);
            synchronized (state) {
                decision = VoiceActivityClassifier.classify(samples, params, state, true);
            }
        } else {
            decision = VoiceActivityClassifier.classify(samples, params, new VadState(), false);
        }
        return ServiceResult.json(toJson(decision)).withMetadata(Map.of(
                "frames", Integer.toString(decision.frames().length),
                "sample_rate", Integer.toString(params.sampleRate())));
    }

    private static VadParameters parameters(ServiceCall call) {
        long sampleRate = call.longConfig("sample_rate",
                call.sampleRate() > 0 ? call.sampleRate() : VadParameters.DEFAULT_SAMPLE_RATE);
        double threshold = call.doubleConfig("threshold", VadParameters.DEFAULT_THRESHOLD);
        long hangover = call.longConfig("hangover_ms", VadParameters.DEFAULT_HANGOVER_MS);
        try {
            return new VadParameters(Math.clamp(sampleRate, 0, Integer.MAX_VALUE), threshold,
                    Math.clamp(hangover, -1, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidArgument(e.getMessage());
        }
    }

    /** Renders the decision; "is_speech" and "confidence" must stay the first two keys. */
    static String toJson(VadDecision d) {
        byte[] frames = d.frames();
        StringBuilder json = new StringBuilder(160 + 2 * frames.length)
                .append("{\"is_speech\":").append(d.speech())
                .append(",\"confidence\":").append(fixed3(d.confidence()))
                .append(",\"frames\":[");
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(frames[i]);
        }
        return json.append("],\"speech_ratio\":").append(fixed3(d.speechRatio()))
                .append(",\"frame_ms\":").append(VadParameters.FRAME_MS)
                .append(",\"source\":\"remote\"")
                .append(",\"session_frames\":").append(d.sessionFrames())
                .append('}').toString();
    }

    private static String fixed3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
