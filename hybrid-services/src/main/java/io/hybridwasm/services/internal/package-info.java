/**
 * The server's machinery: the gRPC implementation of {@code hybrid.v1.RemoteExecution}, the
 * interceptors that authenticate and admit calls, the session store, statistics, and
 * conversions between protocol messages and the SPI's values.
 * Internal: no compatibility promise; use {@link io.hybridwasm.services.HybridServer}.
 */
package io.hybridwasm.services.internal;
