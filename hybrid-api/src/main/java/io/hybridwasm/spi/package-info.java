/**
 * Service-provider interfaces for extending Hybrid by dropping a jar on the class path: host
 * functions ({@link io.hybridwasm.spi.HostFunctionProvider}), service resolution
 * ({@link io.hybridwasm.spi.RemoteServiceResolver}) and the engine itself
 * ({@link io.hybridwasm.spi.WasmRuntimeProvider}). Providers follow grpc-java's shape:
 * {@code name()}, {@code isAvailable()}, {@code priority()}, discovered by
 * {@link io.hybridwasm.spi.ProviderRegistry}.
 */
package io.hybridwasm.spi;
