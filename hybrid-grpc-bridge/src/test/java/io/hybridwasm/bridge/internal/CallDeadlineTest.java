package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallDeadlineTest {

    @Test
    void theConfiguredDeadlineAppliesWhenTheCallerHasNone() {
        long left = CallDeadline.of(Duration.ofSeconds(2), Optional.empty(), "x").timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 1_500 && left <= 2_000, "left " + left);
    }

    @Test
    void theCallersDeadlineWinsWhenItIsEarlier() {
        Deadline d = CallDeadline.of(Duration.ofSeconds(2), Optional.of(Instant.now().plusMillis(300)), "x");
        long left = d.timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(left > 100 && left <= 300, "left " + left);
    }

    @Test
    void theConfiguredDeadlineWinsWhenItIsEarlier() {
        Deadline d = CallDeadline.of(Duration.ofMillis(300), Optional.of(Instant.now().plusSeconds(60)), "x");
        assertTrue(d.timeRemaining(TimeUnit.MILLISECONDS) <= 300);
    }

    @Test
    void aCallWhoseCallerDeadlinePassedIsATimeoutBeforeAnyNetworkWork() {
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> CallDeadline.of(Duration.ofSeconds(2), Optional.of(Instant.now().minusMillis(1)), "call to Echo"));
        assertEquals(HostStatus.TIMEOUT, e.status());
    }

    @Test
    void hugeDurationsSaturate() {
        assertTrue(CallDeadline.of(Duration.ofSeconds(Long.MAX_VALUE), Optional.empty(), "x").timeRemaining(TimeUnit.DAYS) > 1);
    }
}
