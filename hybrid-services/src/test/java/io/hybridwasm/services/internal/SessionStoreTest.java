package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    /** A clock that moves only when told. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final SessionStore store = new SessionStore(Duration.ofMinutes(10), 3, clock);

    @Test
    void opensSessionsWithDistinctRandomIds() {
        SessionStore.Opened a = store.open("", "");
        SessionStore.Opened b = store.open("", "");
        assertFalse(a.existing());
        assertNotEquals(a.sessionId(), b.sessionId());
        assertEquals(32, a.sessionId().length());
        assertTrue(store.find(a.sessionId()).isPresent());
    }

    @Test
    void theSameClientSessionIdFromTheSameCallerReturnsTheSameSession() {
        SessionStore.Opened first = store.open("alice", "mic-1");
        SessionStore.Opened again = store.open("alice", "mic-1");
        assertTrue(again.existing());
        assertEquals(first.sessionId(), again.sessionId());
        SessionStore.Opened otherCaller = store.open("bob", "mic-1");
        assertFalse(otherCaller.existing());
        assertNotEquals(first.sessionId(), otherCaller.sessionId());
    }

    @Test
    void sessionsExpireAfterTheIdleTtlAndUseExtendsThem() {
        String id = store.open("", "").sessionId();
        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find(id).isPresent()); // use resets the idle time
        clock.advance(Duration.ofMinutes(9));
        assertTrue(store.find(id).isPresent());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(store.find(id).isEmpty());
        assertEquals(0, store.size());
    }

    @Test
    void reopeningAnExpiredClientSessionCreatesAFreshOne() {
        String id = store.open("", "c").sessionId();
        clock.advance(Duration.ofMinutes(11));
        SessionStore.Opened reopened = store.open("", "c");
        assertFalse(reopened.existing());
        assertNotEquals(id, reopened.sessionId());
        assertEquals(1, store.size());
    }

    @Test
    void theCapIsEnforcedAfterEvictingExpiredSessions() {
        store.open("", "");
        store.open("", "");
        clock.advance(Duration.ofMinutes(5));
        store.open("", "");
        assertThrows(SessionStore.LimitExceededException.class, () -> store.open("", ""));
        clock.advance(Duration.ofMinutes(6)); // the first two are now idle for 11 minutes
        store.open("", "");
        assertEquals(2, store.size());
    }

    @Test
    void evictExpiredRemovesOnlyIdleSessions() {
        String old = store.open("", "").sessionId();
        clock.advance(Duration.ofMinutes(6));
        String young = store.open("", "").sessionId();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, store.evictExpired());
        assertTrue(store.find(old).isEmpty());
        assertTrue(store.find(young).isPresent());
    }

    @Test
    void closeDropsStateButOnlyForTheOpeningCaller() {
        String id = store.open("alice", "").sessionId();
        SessionEntry entry = store.find(id).orElseThrow();
        AtomicInteger closed = new AtomicInteger();
        entry.forService("Vad").state("res", AutoCloseable.class, () -> closed::incrementAndGet);
        assertFalse(store.close(id, "mallory"));
        assertTrue(store.close(id, "alice"));
        assertEquals(1, closed.get());
        assertTrue(store.find(id).isEmpty());
        assertFalse(store.close(id, "alice"));
    }

    @Test
    void eachServiceGetsItsOwnStateInOneSession() {
        SessionEntry entry = store.find(store.open("", "").sessionId()).orElseThrow();
        entry.forService("A").state("n", AtomicLong.class, AtomicLong::new).set(5);
        assertEquals(0, entry.forService("B").state("n", AtomicLong.class, AtomicLong::new).get());
        assertEquals(5, entry.forService("A").state("n", AtomicLong.class, AtomicLong::new).get());
        assertEquals(entry.id(), entry.forService("B").id());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SessionStore(Duration.ZERO, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new SessionStore(Duration.ofSeconds(1), 0, clock));
    }
}
