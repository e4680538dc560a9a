package io.hybridwasm.bridge.internal;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loops live from the first acquire to the last release, and start again with the next acquire. */
class ClientEventLoopsTest {
    private final ClientEventLoops loops = new ClientEventLoops(1);

    @Test
    void theLastReleaseStopsTheLoopsAndTheNextAcquireStartsNewOnes() throws Exception {
        loops.acquire();
        loops.acquire();
        EventLoop first = loops.next();
        Thread thread = first.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertTrue(thread.getName().startsWith("hybrid-grpc-client"), thread.getName());
        assertTrue(thread.isDaemon());

        loops.release();
        assertFalse(first.isShuttingDown(), "a user is left");
        loops.release();
        assertTrue(first.terminationFuture().await(5, TimeUnit.SECONDS));

        loops.acquire();
        EventLoop second = loops.next();
        assertNotSame(first, second);
        assertEquals("ran", second.submit(() -> "ran").get(5, TimeUnit.SECONDS));
        loops.release();
    }

    @Test
    void noLoopWithoutAUserAndNoReleaseWithoutAnAcquire() {
        assertThrows(IllegalStateException.class, loops::next);
        assertThrows(IllegalStateException.class, loops::release);
    }

    @Test
    void oneGroupOfSingleLoopsHandsThemOutInTurn() {
        ClientEventLoops two = new ClientEventLoops(2);
        two.acquire();
        try {
            EventLoop a = two.next();
            EventLoop b = two.next();
            assertNotSame(a, b);
            assertTrue(a.next() == a && b.next() == b, "a channel built on one loop schedules every timer on it");
            assertEquals(a, two.next());
        } finally {
            two.release();
        }
    }
}
