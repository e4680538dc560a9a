package io.hybridwasm.bridge.internal;

import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-call options: the options reused across calls must never carry one call's deadline or limit into another. */
class PooledChannelTest {
    // Never connected: options are built without any I/O.
    private final ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:9").usePlaintext().build();
    private final PooledChannel pooled = new PooledChannel(new ChannelEndpoint("127.0.0.1:9", channel, true),
            Optional.empty());

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    @Test
    void eachUnaryCallGetsItsOwnDeadlineAndInboundLimit() {
        Deadline soon = Deadline.after(1, TimeUnit.SECONDS);
        Deadline later = Deadline.after(1, TimeUnit.MINUTES);

        CallOptions first = pooled.unaryOptions(soon, 1_000);
        CallOptions second = pooled.unaryOptions(later, 1_000);
        CallOptions otherLimit = pooled.unaryOptions(soon, 2_000);
        CallOptions firstLimitAgain = pooled.unaryOptions(later, 1_000);

        assertEquals(soon, first.getDeadline());
        assertEquals(1_000, first.getMaxInboundMessageSize());
        assertEquals(later, second.getDeadline());
        assertEquals(1_000, second.getMaxInboundMessageSize());
        assertEquals(soon, otherLimit.getDeadline());
        assertEquals(2_000, otherLimit.getMaxInboundMessageSize());
        assertEquals(later, firstLimitAgain.getDeadline());
        assertEquals(1_000, firstLimitAgain.getMaxInboundMessageSize());
    }

    @Test
    void streamOptionsCarryTheLimitAndNoDeadlineEvenAfterUnaryCalls() {
        pooled.unaryOptions(Deadline.after(1, TimeUnit.SECONDS), 4_096);

        CallOptions stream = pooled.streamOptions(4_096);

        assertNull(stream.getDeadline());
        assertEquals(4_096, stream.getMaxInboundMessageSize());
    }
}
