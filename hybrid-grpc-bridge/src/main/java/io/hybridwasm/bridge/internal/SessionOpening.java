package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.proto.v1.OpenSessionRequest;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;

/**
 * Opens a session and pins it to the replica that took it (docs/abi.md, "Sessions"): the
 * {@code OpenSession} rpc goes over the target's load-balanced channel, and the session's
 * calls later go to the replica its stream was created on ({@link ReplicaAddress}).
 *
 * <p>Opening happens after a session was lost, typically because its server restarted or died,
 * when gRPC may still be waiting out its reconnect backoff to the target (seconds, growing),
 * failing every call meanwhile although a replica is back. So opening first reconnects at once
 * and waits for a ready connection, for at most half the deadline
 * ({@link PooledChannel#awaitConnection}), on the target's channel and then on the replica's.
 * Stateless.
 */
public final class SessionOpening {
    private SessionOpening() {
    }

    /**
     * Opens (or finds, by {@code clientSessionId}) a session at {@code target}.
     *
     * @param pool where the target's and the replica's channels come from
     */
    public static RemoteSession open(ChannelPool pool, RemoteConfig config, String target, String clientSessionId,
                                     Deadline deadline, int maxMessageSize, String what) {
        PooledChannel channel = pool.channel(target, config);
        channel.awaitConnection(deadline);
        ReplicaAddress replica = new ReplicaAddress();
        String id = UnaryCalls.run(channel, channel.guard(config.policy()), RetryRule.of(config.policy(), () -> true),
                RemoteExecutionGrpc.getOpenSessionMethod(),
                () -> OpenSessionRequest.newBuilder().setClientSessionId(clientSessionId).build(),
                deadline, maxMessageSize, what, replica).getSessionId();
        String pinned = replica.pinnedTarget(channel.channel().authority()).orElse(target);
        if (!pinned.equals(target)) {
            pool.channel(pinned, config).awaitConnection(deadline);
        }
        return new RemoteSession(id, pinned);
    }
}
