/**
 * {@code hybrid soak}: mixed guest load against restarting replicas for a long time, counting
 * what production churn costs — lost idempotent calls, calls that never came back, heap and
 * descriptors that grow. Not a test of speed: it judges correctness and bounded resources.
 */
package io.hybridwasm.examples.soak;
