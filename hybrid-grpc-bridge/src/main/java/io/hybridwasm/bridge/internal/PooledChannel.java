package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One channel of the {@link ChannelPool}, shared by every call to its endpoint, with the call
 * options its calls start from (credentials) and what its server said each service accepts.
 *
 * <p>Thread-safe. The encoding listing is fetched at most once successfully per channel.
 */
public final class PooledChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PooledChannel.class);

    private final String target;
    private final ManagedChannel channel;
    private final CallOptions baseOptions;
    private final Object listingLock = new Object();
    private volatile Map<String, PayloadEncoding> firstAccepted;

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

    /**
     * The encoding {@code service} accepts first, as this channel's server lists it (asked once
     * per channel); {@link PayloadEncoding#RAW} if the server does not list the service, does not
     * implement listing, or cannot be asked right now (then it is asked again next time).
     */
    public PayloadEncoding encodingFor(String service, Deadline deadline) {
        Map<String, PayloadEncoding> listing = firstAccepted;
        if (listing == null) {
            synchronized (listingLock) {
                listing = firstAccepted;
                if (listing == null) {
                    listing = fetchListing(deadline);
                }
            }
        }
        return listing.getOrDefault(service, PayloadEncoding.RAW);
    }

    private Map<String, PayloadEncoding> fetchListing(Deadline deadline) {
        try {
            ListServicesResponse response = ClientCalls.blockingUnaryCall(channel,
                    RemoteExecutionGrpc.getListServicesMethod(), baseOptions.withDeadline(deadline),
                    ListServicesRequest.getDefaultInstance());
            Map<String, PayloadEncoding> listing = new HashMap<>();
            for (ServiceInfo info : response.getServicesList()) {
                if (info.getAcceptsCount() > 0) {
                    listing.put(info.getName(), Encodings.fromProto(info.getAccepts(0)));
                }
            }
            firstAccepted = Map.copyOf(listing);
            return firstAccepted;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                firstAccepted = Map.of();
            } else {
                LOG.debug("cannot list services at {} ({}); sending RAW this time", target, e.getStatus());
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
}
