package io.hybridwasm.services.internal.dsp;

/**
 * The voice activity detector's answer for one payload.
 *
 * @param speech whether the payload contains speech ({@code confidence >= 0.5})
 * @param confidence probability-like score that the payload contains speech, 0..1
 * @param frames the smoothed per-frame decisions (1 speech, 0 not), one per 20 ms frame
 * @param speechRatio fraction of {@code frames} that are speech; 0 when there are none
 * @param sessionFrames frames analysed in the session so far (this payload's when stateless)
 */
public record VadDecision(boolean speech, double confidence, byte[] frames, double speechRatio,
        long sessionFrames) {
}
