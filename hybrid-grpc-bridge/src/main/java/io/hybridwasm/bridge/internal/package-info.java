/**
 * How the bridge works inside: the channel pool, the one gRPC-to-ABI status table, the static
 * name resolver, per-instance guest state, retries, the circuit breaker and the cache. Not API.
 */
package io.hybridwasm.bridge.internal;
