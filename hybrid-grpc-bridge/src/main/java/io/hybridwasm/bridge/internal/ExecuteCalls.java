package io.hybridwasm.bridge.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Deadline;
import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.spi.ServiceEndpoint;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The unary {@code Execute} path of one client with its {@link RemotePolicy} applied, in this
 * order: result cache (a hit does no I/O), then the guarded, retried rpc ({@link UnaryCalls}):
 * circuit breaker (open: refused before any I/O), in-flight slot, and only then the encoding
 * and service traits (one {@code ListServices} per channel, when needed) and the call.
 *
 * <p>A service is idempotent, or cacheable, if its {@link ServiceEndpoint} says so or its server
 * declares it in {@code ListServices}. Calls that carry a session are neither retried nor
 * cached: they change or read per-session state, which a second run would advance again.
 *
 * <p>A cache hit answers with a copy of the cached bytes, and what is cached is protobuf's
 * immutable copy, not the array handed to the caller: no caller can change another's answer.
 *
 * <p>Thread-safe; one per client. The cache is this client's own: keys include the target, and
 * a client has one set of credentials, so no answer crosses an authorization boundary.
 */
public final class ExecuteCalls {
    private final RemotePolicy policy;
    private final int maxMessageSize;
    private final ResultCache<CachedResult> cache;

    /** @param nanoClock the cache's clock, {@code System::nanoTime} outside tests */
    public ExecuteCalls(RemotePolicy policy, int maxMessageSize, LongSupplier nanoClock) {
        this.policy = policy;
        this.maxMessageSize = maxMessageSize;
        this.cache = policy.cacheMaxEntries() > 0
                ? new ResultCache<>(policy.cacheMaxEntries(), policy.cacheMaxBytes(), policy.cacheTtl(), nanoClock,
                        CachedResult::size)
                : null;
    }

    /** Results cached now; 0 with the cache off. */
    public long cachedResults() {
        return cache == null ? 0 : cache.size();
    }

    /**
     * Runs {@code request} on {@code channel}, the endpoint's channel; the payload size has been
     * checked. See {@code RemoteExecutionClient.call} for the contract.
     */
    public RemoteResult execute(PooledChannel channel, ServiceEndpoint endpoint, RemoteRequest request,
                                Deadline deadline, String what) {
        String service = request.service();
        boolean sessionless = request.sessionId().isEmpty();
        Optional<PayloadEncoding> requested = request.encoding().or(endpoint::encoding);
        ResultCache.Key key = null;
        if (cache != null && sessionless && (endpoint.cacheable()
                || channel.knownTraits(service).map(ServiceTraits::cacheable).orElse(false))) {
            key = keyOf(channel, endpoint, request, requested);
            Optional<RemoteResult> hit = cache.get(key).map(CachedResult::toResult);
            HostCallSpans.cacheLookup(hit.isPresent());
            BridgeMetrics.current().cacheLookup(service, hit.map(r -> (long) r.bytes().length).orElse(-1L));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Traits traits = new Traits(channel, service, deadline);
        Supplier<ExecuteRequest> rpc = () -> {
            ExecuteRequest.Builder builder = ExecuteRequest.newBuilder()
                    .setService(service)
                    .setNodeType(endpoint.nodeType())
                    // Not copied: protobuf serializes it during the blocking call, which the caller waits for.
                    .setInput(Payload.newBuilder()
                            .setEncoding(Encodings.toProto(requested.orElseGet(() -> traits.get().encoding())))
                            .setData(UnsafeByteOperations.unsafeWrap(request.payload())));
            if (!request.config().isEmpty()) { // an empty putAll still builds the map field
                builder.putAllConfig(request.config());
            }
            request.sessionId().ifPresent(builder::setSessionId);
            return builder.build();
        };
        RetryRule retry = sessionless
                ? RetryRule.of(policy, () -> endpoint.idempotent() || traits.get().idempotent())
                : RetryRule.NONE;
        ExecuteResponse response;
        try {
            response = UnaryCalls.run(channel, channel.guard(policy), retry,
                    RemoteExecutionGrpc.getExecuteMethod(), rpc, deadline, maxMessageSize, what);
        } catch (RemoteCallException e) {
            if (e.status() == HostStatus.UNKNOWN_SERVICE) {
                channel.forgetListing(); // the server changed: its listing may be stale too
            }
            throw e;
        }
        checkSize(response.getOutput().getData().size(), maxMessageSize, "answer of", service);
        RemoteResult result = new RemoteResult(response.getOutput().getData().toByteArray(),
                Encodings.fromProto(response.getOutput().getEncoding()), response.getMetadataMap());
        if (key == null && cache != null && sessionless && traits.get().cacheable()) {
            key = keyOf(channel, endpoint, request, requested);
        }
        if (key != null) {
            cache.put(key, new CachedResult(response.getOutput().getData(), result.encoding(), result.metadata()));
        }
        return result;
    }

    /**
     * Checks a message's size; the message names it as {@code what} and {@code of} ("answer of",
     * service), joined only when it is too large, since every call checks.
     *
     * @throws RemoteCallException {@link HostStatus#TOO_LARGE} when {@code size} exceeds {@code max}
     */
    public static void checkSize(int size, int max, String what, Object of) {
        if (size > max) {
            throw new RemoteCallException(HostStatus.TOO_LARGE, what + " " + of + " is " + size
                    + " bytes, over the maximum message size of " + max);
        }
    }

    private static ResultCache.Key keyOf(PooledChannel channel, ServiceEndpoint endpoint, RemoteRequest request,
                                         Optional<PayloadEncoding> requested) {
        return ResultCache.key(channel.target(), request.service(), endpoint.nodeType(), requested, request.config(),
                request.payload());
    }

    /**
     * The server's traits of one service, looked up at most once per call: when the listing
     * cannot be fetched, a retry decision does not ask again. Confined to the calling thread,
     * which is where {@link UnaryCalls} builds the request and judges retries.
     */
    private static final class Traits {
        private final PooledChannel channel;
        private final String service;
        private final Deadline deadline;
        private ServiceTraits value;

        Traits(PooledChannel channel, String service, Deadline deadline) {
            this.channel = channel;
            this.service = service;
            this.deadline = deadline;
        }

        ServiceTraits get() {
            if (value == null) {
                value = channel.traits(service, deadline);
            }
            return value;
        }
    }
}
