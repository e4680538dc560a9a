/** Deterministic synthetic audio for the demo, the tests and the benchmarks. */
package io.hybridwasm.examples.audio;
