package io.hybridwasm.bridge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.grpc.ManagedChannel;
import io.hybridwasm.RemotePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every caller of one endpoint shares, whatever its credentials: the gRPC channel (and so
 * its connections) and the {@link EndpointGuard} of each remote policy. Callers reach it through
 * a {@link PooledChannel}, one per auth token, which adds that token as call credentials and
 * keeps what the server tells that token (its service listing, reflection schemas).
 *
 * <p>Why the token is not part of the channel: a rotated token would otherwise open a new
 * channel, with its connections, for every rotation, and keep the old ones for ever. Views are
 * few and cheap: at most {@link #MAX_VIEWS} are kept, each dropped after {@link #VIEW_IDLE} unused.
 * Thread-safe.
 */
final class ChannelEndpoint {
    /** Most per-token views kept; a view evicted is rebuilt on next use, losing only its listing. */
    static final int MAX_VIEWS = 64;
    /** A view not used for this long is dropped. */
    static final Duration VIEW_IDLE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ChannelEndpoint.class);

    private final String target;
    private final ManagedChannel channel;
    private final boolean plaintext;
    private final ConcurrentHashMap<RemotePolicy, EndpointGuard> guards = new ConcurrentHashMap<>();
    private final Cache<String, PooledChannel> views = Caffeine.newBuilder()
            .maximumSize(MAX_VIEWS)
            .expireAfterAccess(VIEW_IDLE)
            .executor(Runnable::run)
            .build();
    private volatile boolean warnedPlaintextToken;

    ChannelEndpoint(String target, ManagedChannel channel, boolean plaintext) {
        this.target = target;
        this.channel = channel;
        this.plaintext = plaintext;
    }

    String target() {
        return target;
    }

    ManagedChannel channel() {
        return channel;
    }

    /** The view of this endpoint that presents {@code token} (none: no credentials). */
    PooledChannel view(Optional<String> token) {
        if (token.isPresent() && plaintext && !warnedPlaintextToken) {
            warnedPlaintextToken = true;
            LOG.warn("sending an auth token to {} over plaintext; configure RemoteConfig.tls to protect it", target);
        }
        // The empty string is no valid bearer token, so it can stand for "no credentials".
        return views.get(token.orElse(""), t -> new PooledChannel(this,
                token.map(BearerTokenCredentials::new)));
    }

    EndpointGuard guard(RemotePolicy policy, PooledChannel anyView) {
        return guards.computeIfAbsent(policy, p -> new EndpointGuard(target, p, System::nanoTime,
                anyView::awaitConnection));
    }
}
