package io.hybridwasm.examples.corpus;

/**
 * Where a corpus's foreground speech comes from. {@code ESPEAK} synthesises sentences (and is
 * what the edge VAD is fitted on); {@code RECORDED} uses real human voice prompts shipped by
 * Debian ({@code alsa-utils}, {@code sound-theme-freedesktop}), a fairer test for a detector
 * fitted on synthetic speech. Never fit on recorded corpora. {@code MIXED} takes both in turns
 * of ten clips (clips 0–9 espeak-ng, 10–19 recorded, ...), each clip exactly the one the single
 * source writes under that seed and index: a corpus of synthetic and real voices together.
 */
public enum SpeechSource {
    ESPEAK, RECORDED, MIXED
}
