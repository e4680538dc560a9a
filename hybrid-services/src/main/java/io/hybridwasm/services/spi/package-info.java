/**
 * The service provider interface for Hybrid's server: how a third party adds a service that
 * WebAssembly guests can call remotely.
 *
 * <p>To add a service, extend {@link io.hybridwasm.services.spi.HostedService}, annotate it
 * with {@code @AutoService(HostedService.class)} (or list it in
 * {@code META-INF/services/io.hybridwasm.services.spi.HostedService}) and put the jar on the
 * server's class path. {@link io.hybridwasm.services.spi.HostedServiceRegistry} finds it at
 * start-up; the server then answers {@code Execute} and {@code Stream} calls naming it.
 *
 * <p>This package deliberately depends on {@code java.base}, SLF4J and
 * {@code io.hybridwasm.PayloadEncoding} only: no gRPC or protobuf type appears here, so a
 * service never depends on the transport that carries its calls.
 */
package io.hybridwasm.services.spi;
