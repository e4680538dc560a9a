/** A labelled voice-activity corpus made with espeak-ng speech and synthetic noises. */
package io.hybridwasm.examples.corpus;
