/** A labelled voice-activity corpus: espeak-ng or recorded speech over synthetic and recorded noises. */
package io.hybridwasm.examples.corpus;
