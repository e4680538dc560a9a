/**
 * Signal processing behind the built-in DspVoiceActivityDetector: a radix-2 FFT, per-frame
 * features, and the frame classifier with its session state. Internal: no compatibility
 * promise.
 */
package io.hybridwasm.services.internal.dsp;
