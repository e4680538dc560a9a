package io.hybridwasm.services.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.Cancellation;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceContract;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SleepTest extends HostedServiceContract {

    @Override
    protected HostedService service() {
        return new Sleep();
    }

    @Override
    protected ServiceCall sampleCall() {
        return ServiceCall.of(PayloadEncoding.RAW, "1".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sleepsForConfigMillisThenEchoes() {
        ServiceCall call = ServiceCall.of(PayloadEncoding.RAW, new byte[] {7, 7})
                .withConfig(Map.of("millis", "50"));
        long start = System.nanoTime();
        ServiceResult result = new Sleep().execute(call);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 45, "slept only " + elapsedMs + " ms");
        assertArrayEquals(new byte[] {7, 7}, result.bytes());
        assertTrue(Long.parseLong(result.metadata().get("slept_ms")) >= 45);
    }

    @Test
    void readsThePayloadAsDecimalMillisWhenThereIsNoConfig() {
        ServiceResult result = new Sleep().execute(
                ServiceCall.of(PayloadEncoding.RAW, " 20\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Long.parseLong(result.metadata().get("slept_ms")) >= 15);
    }

    @Test
    void stopsWaitingWhenCancelled() {
        Cancellation alreadyCancelled = new Cancellation() {
            @Override
            public boolean isCancelled() {
                return true;
            }

            @Override
            public boolean await(Duration timeout) {
                return true;
            }
        };
        ServiceCall call = ServiceCall.of(PayloadEncoding.RAW, new byte[0])
                .withConfig(Map.of("millis", "60000")).withCancellation(alreadyCancelled);
        long start = System.nanoTime();
        new Sleep().execute(call);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000);
    }

    @Test
    void rejectsUnreadableOrExcessiveDurations() {
        Sleep sleep = new Sleep();
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> sleep.execute(ServiceCall.of(PayloadEncoding.RAW, "soon".getBytes()))).kind());
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> sleep.execute(ServiceCall.of(PayloadEncoding.RAW, new byte[0])
                        .withConfig(Map.of("millis", "-1")))).kind());
        assertEquals(ServiceException.Kind.INVALID_ARGUMENT, assertThrows(ServiceException.class,
                () -> sleep.execute(ServiceCall.of(PayloadEncoding.RAW, new byte[0])
                        .withConfig(Map.of("millis", "600001")))).kind());
    }
}
