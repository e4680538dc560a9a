/**
 * The gRPC bridge: how WebAssembly guests, and Java code, reach remote services over the
 * {@code hybrid.v1} protocol.
 *
 * <ul>
 *   <li>{@link io.hybridwasm.bridge.RemoteExecutionClient}: unary calls, sessions, flow-controlled
 *       streams ({@link io.hybridwasm.bridge.RemoteStream}) and service listing, from plain Java;</li>
 *   <li>{@link io.hybridwasm.bridge.GrpcBridgeProvider}: the {@code HostFunctionProvider} that gives
 *       guests the ABI v1 imports {@code call_remote_service}, {@code stream_to_remote} and
 *       {@code get_remote_session}, built on the client, so both see the same results and statuses;</li>
 *   <li>{@link io.hybridwasm.bridge.StaticReplicaResolver} and {@link io.hybridwasm.bridge.DnsReplicaResolver}:
 *       route named services to several replicas (a fixed list, or every address of a DNS name),
 *       load-balanced round robin.</li>
 * </ul>
 *
 * <p>Calls follow the {@link io.hybridwasm.RemotePolicy} of their {@link io.hybridwasm.RemoteConfig}:
 * per-endpoint circuit breaker and in-flight bound, retries of idempotent services when the
 * endpoint is unavailable, and an optional cache for cacheable services.
 *
 * <p>Every failure is an {@link io.hybridwasm.RemoteCallException} carrying the ABI
 * {@link io.hybridwasm.HostStatus}; gRPC codes map to it in one table. No gRPC, Netty or
 * protobuf type appears in this package's signatures. Everything under {@code .internal} is an
 * implementation detail and may change without notice.
 */
package io.hybridwasm.bridge;
