/**
 * Silero VAD v4 on ONNX Runtime, behind the {@code VoiceActivityDetector} service: the model
 * and its shared lifetime ({@link io.hybridwasm.services.internal.silero.SileroModel},
 * {@link io.hybridwasm.services.internal.silero.SharedSileroModel}), one call's window loop
 * ({@link io.hybridwasm.services.internal.silero.WindowRunner}), the recurrent state a session
 * or stream carries ({@link io.hybridwasm.services.internal.silero.StreamState}) and the chunk
 * verdict ({@link io.hybridwasm.services.internal.silero.SileroDetector}). Not public API.
 */
package io.hybridwasm.services.internal.silero;
