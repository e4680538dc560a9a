package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One channel of the {@link ChannelPool}, shared by every call to its endpoint, with the call
 * options its calls start from (credentials), what its server declares about each service
 * ({@link ServiceTraits}, from one {@code ListServices}), and the {@link EndpointGuard} of each
 * remote policy its clients use.
 *
 * <p>Thread-safe. The listing is fetched at most once successfully per channel, and only when a
 * call needs it: to pick an encoding, to learn whether a service is cacheable (cache on), or
 * whether it is idempotent (a retry is due and the endpoint did not say).
 */
public final class PooledChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PooledChannel.class);

    private final String target;
    private final ManagedChannel channel;
    private final CallOptions baseOptions;
    private final Object listingLock = new Object();
    private final ConcurrentHashMap<RemotePolicy, EndpointGuard> guards = new ConcurrentHashMap<>();
    private final ReflectionSchemas reflection = new ReflectionSchemas(this, System::nanoTime);
    private volatile Map<String, ServiceTraits> listing;
    private volatile GuardOf lastGuard;

    PooledChannel(String target, ManagedChannel channel, Optional<BearerTokenCredentials> credentials) {
        this.target = target;
        this.channel = channel;
        this.baseOptions = credentials.map(CallOptions.DEFAULT::withCallCredentials).orElse(CallOptions.DEFAULT);
    }

    /** The gRPC target this channel connects to. */
    public String target() {
        return target;
    }

    public Channel channel() {
        return channel;
    }

    /** The schemas this channel's server describes by reflection, for methods called by name. */
    public ReflectionSchemas reflection() {
        return reflection;
    }

    /**
     * The breaker and in-flight bound of this endpoint under {@code policy}, created on first use.
     * The last one handed out is checked first by identity: a client passes the same policy
     * instance on every call, and hashing the whole policy record per call showed up in profiles.
     */
    public EndpointGuard guard(RemotePolicy policy) {
        GuardOf last = lastGuard;
        if (last != null && last.policy() == policy) {
            return last.guard();
        }
        EndpointGuard guard = guards.computeIfAbsent(policy, p -> new EndpointGuard(target, p, System::nanoTime,
                this::awaitConnection));
        lastGuard = new GuardOf(policy, guard);
        return guard;
    }

    /**
     * Prepares a circuit breaker's trial call: reconnects at once, skipping gRPC's reconnect
     * backoff (which grows to minutes during a long outage), and waits until the channel is ready,
     * for at most half the time left before {@code deadline}, keeping the other half for the
     * trial itself. Needed because a load balancer in {@code TRANSIENT_FAILURE} stays there until
     * a connection succeeds and fails every call meanwhile, so a trial sent at once would fail
     * even when the server is back. If the endpoint is still down, the trial fails with the
     * connection's error.
     */
    void awaitConnection(Deadline deadline) {
        if (channel.getState(false) == ConnectivityState.READY) {
            return;
        }
        channel.resetConnectBackoff();
        long until = System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS) / 2;
        try {
            while (true) {
                ConnectivityState state = channel.getState(true);
                long nanos = until - System.nanoTime();
                if (state == ConnectivityState.READY || state == ConnectivityState.SHUTDOWN || nanos <= 0) {
                    return;
                }
                CountDownLatch changed = new CountDownLatch(1);
                channel.notifyWhenStateChanged(state, changed::countDown);
                if (!changed.await(nanos, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Options for one unary call: credentials, its deadline, and an inbound limit of
     * {@code maxInbound} bytes (the limit is per call because one channel serves clients
     * configured with different maximum message sizes).
     */
    public CallOptions unaryOptions(Deadline deadline, int maxInbound) {
        return baseOptions.withDeadline(deadline).withMaxInboundMessageSize(maxInbound);
    }

    /** Options for a long-lived stream: no deadline on the stream itself; sends are bounded one by one. */
    public CallOptions streamOptions(int maxInbound) {
        return baseOptions.withMaxInboundMessageSize(maxInbound);
    }

    /** The encoding {@code service} accepts first: {@link #traits}{@code .encoding()}. */
    public PayloadEncoding encodingFor(String service, Deadline deadline) {
        return traits(service, deadline).encoding();
    }

    /** What the server declared about {@code service}, if the listing is already known; never does I/O. */
    public Optional<ServiceTraits> knownTraits(String service) {
        Map<String, ServiceTraits> known = listing;
        return known == null ? Optional.empty() : Optional.of(known.getOrDefault(service, ServiceTraits.UNLISTED));
    }

    /**
     * What the server declared about {@code service} (asked once per channel, within
     * {@code deadline}); {@link ServiceTraits#UNLISTED} if the server does not list it, does not
     * implement listing, or cannot be asked right now (then it is asked again next time).
     */
    public ServiceTraits traits(String service, Deadline deadline) {
        Map<String, ServiceTraits> known = listing;
        if (known == null) {
            synchronized (listingLock) {
                known = listing;
                if (known == null) {
                    known = fetchListing(deadline);
                }
            }
        }
        return known.getOrDefault(service, ServiceTraits.UNLISTED);
    }

    private Map<String, ServiceTraits> fetchListing(Deadline deadline) {
        try {
            ListServicesResponse response = ClientCalls.blockingUnaryCall(channel,
                    RemoteExecutionGrpc.getListServicesMethod(), baseOptions.withDeadline(deadline),
                    ListServicesRequest.getDefaultInstance());
            Map<String, ServiceTraits> traits = new HashMap<>();
            for (ServiceInfo info : response.getServicesList()) {
                traits.put(info.getName(), new ServiceTraits(info.getAcceptsCount() > 0
                        ? Encodings.fromProto(info.getAccepts(0)) : PayloadEncoding.RAW,
                        info.getIdempotent(), info.getCacheable()));
            }
            listing = Map.copyOf(traits);
            return listing;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                listing = Map.of();
            } else {
                LOG.debug("cannot list services at {} ({}); no encoding or retry hints this time", target,
                        e.getStatus());
            }
            return Map.of();
        }
    }

    void shutdown() {
        channel.shutdown();
    }

    void awaitTermination(long millis) {
        try {
            if (!channel.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PooledChannel[" + target + "]";
    }

    private record GuardOf(RemotePolicy policy, EndpointGuard guard) {
    }
}
