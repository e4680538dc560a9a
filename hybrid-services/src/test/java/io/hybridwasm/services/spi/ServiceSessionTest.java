package io.hybridwasm.services.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceSessionTest {

    @Test
    void stateIsCreatedOnceAndTyped() {
        ServiceSession session = new ServiceSession("id-1");
        AtomicLong first = session.state("n", AtomicLong.class, AtomicLong::new);
        assertSame(first, session.state("n", AtomicLong.class, () -> new AtomicLong(99)));
        assertThrows(ClassCastException.class, () -> session.state("n", String.class, () -> "x"));
        assertEquals("id-1", session.id());
    }

    @Test
    void concurrentFirstUseRunsTheInitialiserOnce() throws Exception {
        ServiceSession session = new ServiceSession("id");
        AtomicInteger inits = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                session.state("k", AtomicLong.class, () -> {
                    inits.incrementAndGet();
                    return new AtomicLong();
                }).incrementAndGet();
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, inits.get());
        assertEquals(8, session.state("k", AtomicLong.class, AtomicLong::new).get());
    }

    @Test
    void closeDropsStateAndClosesCloseableValues() {
        ServiceSession session = new ServiceSession("id");
        AtomicInteger closed = new AtomicInteger();
        session.state("res", AutoCloseable.class, () -> closed::incrementAndGet);
        session.close();
        assertEquals(1, closed.get());
        assertFalse(session.contains("res"));
        session.state("res", AutoCloseable.class, () -> closed::incrementAndGet);
        assertTrue(session.contains("res"));
    }
}
