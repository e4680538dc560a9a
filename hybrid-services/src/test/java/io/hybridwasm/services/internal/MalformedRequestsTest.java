package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MalformedRequestsTest {

    @Test
    void reportsTheFirstThenAtMostOncePerIntervalPerMethodWithTheCountSinceTheLastReport() {
        AtomicLong clock = new AtomicLong(1_000);
        MalformedRequests malformed = new MalformedRequests(Duration.ofSeconds(60), clock::get);
        assertEquals(1, malformed.countAndCheckDue("svc/A"));
        assertEquals(0, malformed.countAndCheckDue("svc/A"));
        assertEquals(0, malformed.countAndCheckDue("svc/A"));
        assertEquals(1, malformed.countAndCheckDue("svc/B"), "each method has its own interval");
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(0, malformed.countAndCheckDue("svc/A"));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(4, malformed.countAndCheckDue("svc/A"), "the three held back and this one");
        assertEquals(5, malformed.count("svc/A"));
    }
}
