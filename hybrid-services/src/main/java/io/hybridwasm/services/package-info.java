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
 * A server meant for other machines adds TLS (optionally mutual) and an
 * {@link io.hybridwasm.services.AccessPolicy} of bearer tokens:
 * <pre>{@code
 * HybridServer server = HybridServer.builder()
 *         .bindAddress("0.0.0.0").port(50052)
 *         .accessPolicy(AccessPolicy.fromFile(Path.of("/etc/hybrid/tokens")))
 *         .tls(Path.of("server.crt"), Path.of("server.key"))
 *         .clientAuth(Path.of("clients-ca.crt"))          // optional: mutual TLS
 *         .build().start();
 * }</pre>
 * The health service needs no token; everything else does. Concurrency limits, keepalive
 * and connection lifetimes have production defaults, listed in
 * {@link io.hybridwasm.services.HybridServerBuilder}; {@code close()} drains gracefully.
 *
 * <p>The server hosts the {@link io.hybridwasm.services.spi.HostedService}s on the class path
 * (see {@link io.hybridwasm.services.spi}); the built-in ones are in
 * {@link io.hybridwasm.services.builtin}.
 */
package io.hybridwasm.services;
