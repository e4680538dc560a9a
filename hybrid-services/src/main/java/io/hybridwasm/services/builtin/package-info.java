/**
 * The services every Hybrid server ships, each registered with
 * {@code @AutoService(HostedService.class)}:
 * <ul>
 *   <li>{@link io.hybridwasm.services.builtin.VoiceActivityDetector} — Silero VAD v4 on ONNX
 *       Runtime over 16 kHz PCM, the remote half of the guest's "verify when unsure" pattern;
 *   <li>{@link io.hybridwasm.services.builtin.DspVoiceActivityDetector} — the earlier DSP voice
 *       activity detector (no model), kept under its own name for comparison;
 *   <li>{@link io.hybridwasm.services.builtin.Echo} — returns its input, for diagnostics and
 *       overhead benchmarks;
 *   <li>{@link io.hybridwasm.services.builtin.SessionCounter} — counts calls per session, to
 *       observe server-side session state;
 *   <li>{@link io.hybridwasm.services.builtin.Sleep} — waits, then echoes, to exercise deadlines
 *       and cancellation;
 *   <li>{@link io.hybridwasm.services.builtin.Fail} — always fails, to exercise error mapping.
 * </ul>
 * {@code Sleep} and {@code Fail} are diagnostic services: a server hosts them only when built
 * with {@code diagnostics(true)} ({@code hybrid serve --diagnostics}), since {@code Sleep} ties
 * up a worker thread and neither has a use in production.
 */
package io.hybridwasm.services.builtin;
