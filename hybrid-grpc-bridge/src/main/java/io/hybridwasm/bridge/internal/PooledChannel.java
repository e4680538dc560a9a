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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The shared channel of one endpoint ({@link ChannelEndpoint}) as one auth token sees it: the
 * call options its calls start from (that token as call credentials), what the server declares
 * about each service to that token ({@link ServiceTraits}, from {@code ListServices}, which a
 * server filters by token), and the server's reflection schemas. The channel itself and the
 * {@link EndpointGuard}s are the endpoint's, shared by every token.
 *
 * <p>Thread-safe. The listing is fetched only when a call needs it (to pick an encoding, to learn
 * whether a service is cacheable (cache on), or whether it is idempotent (a retry is due and
 * the endpoint did not say)) and kept for {@link ServiceListing#TTL}.
 */
public final class PooledChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PooledChannel.class);

    private final ChannelEndpoint endpoint;
    private final CallOptions baseOptions;
    private final Object listingLock = new Object();
    private final ServiceListing listing = new ServiceListing(System::nanoTime);
    private final ReflectionSchemas reflection = new ReflectionSchemas(this, System::nanoTime);
    private volatile GuardOf lastGuard;
    /** {@link #baseOptions} with the last inbound limit asked for: one client's calls all ask the same. */
    private volatile CallOptions lastInbound;

    PooledChannel(ChannelEndpoint endpoint, Optional<BearerTokenCredentials> credentials) {
        this.endpoint = endpoint;
        this.baseOptions = credentials.map(CallOptions.DEFAULT::withCallCredentials).orElse(CallOptions.DEFAULT);
    }

    /** The gRPC target this channel connects to. */
    public String target() {
        return endpoint.target();
    }

    public Channel channel() {
        return endpoint.channel();
    }

    /** The schemas this channel's server describes by reflection, for methods called by name. */
    public ReflectionSchemas reflection() {
        return reflection;
    }

    /**
     * The breaker and in-flight bound of this endpoint under {@code policy}, created on first use
     * and shared by every token. The last one handed out is checked first by identity: a client
     * passes the same policy instance on every call, and hashing the whole policy record per call
     * showed up in profiles.
     */
    public EndpointGuard guard(RemotePolicy policy) {
        GuardOf last = lastGuard;
        if (last != null && last.policy() == policy) {
            return last.guard();
        }
        EndpointGuard guard = endpoint.guard(policy, this);
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
        ManagedChannel channel = endpoint.channel();
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
        return withInbound(maxInbound).withDeadline(deadline);
    }

    private CallOptions withInbound(int maxInbound) {
        CallOptions options = lastInbound;
        Integer limit = options == null ? null : options.getMaxInboundMessageSize();
        if (limit == null || limit != maxInbound) {
            options = baseOptions.withMaxInboundMessageSize(maxInbound);
            lastInbound = options;
        }
        return options;
    }

    /** Options for a long-lived stream: no deadline on the stream itself; sends are bounded one by one. */
    public CallOptions streamOptions(int maxInbound) {
        return withInbound(maxInbound);
    }

    /** The encoding {@code service} accepts first: {@link #traits}{@code .encoding()}. */
    public PayloadEncoding encodingFor(String service, Deadline deadline) {
        return traits(service, deadline).encoding();
    }

    /** What the server declared about {@code service}, if a live listing is known; never does I/O. */
    public Optional<ServiceTraits> knownTraits(String service) {
        return listing.current().map(known -> known.getOrDefault(service, ServiceTraits.UNLISTED));
    }

    /**
     * What the server declared about {@code service} (asked at most once per
     * {@link ServiceListing#TTL}, within {@code deadline}); {@link ServiceTraits#UNLISTED} if the
     * server does not list it, does not implement listing, or cannot be asked right now (then it
     * is asked again next time).
     */
    public ServiceTraits traits(String service, Deadline deadline) {
        Map<String, ServiceTraits> known = listing.current().orElse(null);
        if (known == null) {
            synchronized (listingLock) {
                known = listing.current().orElse(null);
                if (known == null) {
                    known = fetchListing(deadline);
                }
            }
        }
        return known.getOrDefault(service, ServiceTraits.UNLISTED);
    }

    /** Forgets the listing, so that the next call needing it asks again: the server said a service is missing. */
    public void forgetListing() {
        listing.forget();
    }

    private Map<String, ServiceTraits> fetchListing(Deadline deadline) {
        try {
            ListServicesResponse response = ClientCalls.blockingUnaryCall(endpoint.channel(),
                    RemoteExecutionGrpc.getListServicesMethod(), baseOptions.withDeadline(deadline),
                    ListServicesRequest.getDefaultInstance());
            return listing.store(ServiceListing.traitsOf(response));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return listing.store(Map.of());
            }
            LOG.debug("cannot list services at {} ({}); no encoding or retry hints this time", target(),
                    e.getStatus());
            return Map.of();
        }
    }

    @Override
    public String toString() {
        return "PooledChannel[" + target() + "]";
    }

    private record GuardOf(RemotePolicy policy, EndpointGuard guard) {
    }
}
