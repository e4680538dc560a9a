/**
 * Hybrid's gRPC server: the endpoint that WebAssembly guests' remote calls reach.
 *
 * <p>Build one with {@link io.hybridwasm.services.HybridServer#builder()}, start it, and close
 * it when done:
 * <pre>{@code
 * try (HybridServer server = HybridServer.builder().port(50052).build().start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 * The server hosts the {@link io.hybridwasm.services.spi.HostedService}s on the class path
 * (see {@link io.hybridwasm.services.spi}); the built-in ones are in
 * {@link io.hybridwasm.services.builtin}.
 */
package io.hybridwasm.services;
