package io.hybridwasm;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostStatusTest {

    @Test
    void codesMatchTheAbiTable() {
        int[] expected = {0, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11};
        assertEquals(Arrays.toString(expected),
                Arrays.toString(Arrays.stream(HostStatus.values()).mapToInt(HostStatus::code).toArray()));
        assertEquals(-3, HostStatus.BUFFER_TOO_SMALL.code());
        assertEquals(-10, HostStatus.TOO_LARGE.code());
        assertEquals(-11, HostStatus.SESSION_EXPIRED.code());
    }

    @Test
    void fromCodeRoundTripsAndRejectsUnknownCodes() {
        for (HostStatus s : HostStatus.values()) {
            assertEquals(Optional.of(s), HostStatus.fromCode(s.code()));
        }
        assertEquals(Optional.empty(), HostStatus.fromCode(1));
        assertEquals(Optional.empty(), HostStatus.fromCode(-12));
        assertEquals(Optional.empty(), HostStatus.fromCode(Integer.MIN_VALUE));
    }

    @Test
    void guestStatusExceptionKeepsForeignCodes() {
        GuestStatusException known = new GuestStatusException("process", -5);
        assertEquals(Optional.of(HostStatus.UNKNOWN_SERVICE), known.hostStatus());
        assertEquals(HostStatus.UNKNOWN_SERVICE, known.status());
        GuestStatusException own = new GuestStatusException("process", -42);
        assertEquals(-42, own.code());
        assertEquals(Optional.empty(), own.hostStatus());
    }
}
