/**
 * Benchmarks behind {@code hybrid bench}: each prints ratios against a baseline measured in the
 * same run, and none is a test.
 */
package io.hybridwasm.examples.bench;
