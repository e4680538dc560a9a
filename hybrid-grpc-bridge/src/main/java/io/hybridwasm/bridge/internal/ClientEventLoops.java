package io.hybridwasm.bridge.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops of the bridge's channels: {@link #SHARED} is one group per process (as
 * many loops as processors, daemon threads {@code hybrid-grpc-client-*}), started by the first
 * open {@link ChannelPool} and shut down when the last one closes; each channel gets one loop.
 *
 * <p>Why not grpc-netty's shared default group: grpc-java schedules a call's deadline timer on
 * its transport factory's executor, which for a channel built on a group is the whole group, so
 * each call's timer goes to the group's next loop in turn, not to the loop that carries the
 * call. On a sleeping loop that is a wakeup (a {@code write} syscall from the caller, a thread
 * scheduled on a core) that does nothing for the call, and cancelling the timer later queues
 * one more task there. A channel whose group is a single loop schedules its timers on the loop
 * the call's own write has just woken. grpc's default group is also shared with any grpc-java
 * server in the same process, whose connections then take turns on the same threads.
 *
 * <p>Thread-safe.
 */
final class ClientEventLoops {
    /** The loops of every {@link ChannelPool}. */
    static final ClientEventLoops SHARED = new ClientEventLoops(Runtime.getRuntime().availableProcessors());

    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final int loops;
    private EventLoopGroup group; // guarded by this
    private int users; // guarded by this

    ClientEventLoops(int loops) {
        this.loops = loops;
    }

    /** Registers one more user of the loops (a channel pool); each must {@link #release} once. */
    synchronized void acquire() {
        if (users++ == 0) {
            group = new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("hybrid-grpc-client", true),
                    NioIoHandler.newFactory());
        }
    }

    /** The loop for one more channel: the group's loops in turn. Only between acquire and release. */
    synchronized EventLoop next() {
        if (group == null) {
            throw new IllegalStateException("no channel pool holds the client event loops");
        }
        return (EventLoop) group.next();
    }

    /** One user is done; the last one shuts the loops down (their channels must be closed first). */
    synchronized void release() {
        if (users == 0) {
            throw new IllegalStateException("client event loops released more often than acquired");
        }
        if (--users == 0) {
            group.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            group = null;
        }
    }
}
