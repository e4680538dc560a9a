/**
 * The hybrid voice-activity-detection example: local VAD in a wasm guest, a remote second
 * opinion when it is unsure.
 */
package io.hybridwasm.examples.vad;
