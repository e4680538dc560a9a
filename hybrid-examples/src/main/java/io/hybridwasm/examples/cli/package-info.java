/** The {@code hybrid} command line (picocli): run, serve, demo, bench, gen-audio. */
package io.hybridwasm.examples.cli;
