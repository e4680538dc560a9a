package io.hybridwasm.examples.corpus;

/**
 * Where a corpus's foreground speech comes from. {@code ESPEAK} synthesises sentences (and is
 * what the edge VAD is fitted on); {@code RECORDED} uses real human voice prompts shipped by
 * Debian ({@code alsa-utils}, {@code sound-theme-freedesktop}), a fairer test for a detector
 * fitted on synthetic speech. Never fit on recorded corpora.
 */
public enum SpeechSource {
    ESPEAK, RECORDED
}
