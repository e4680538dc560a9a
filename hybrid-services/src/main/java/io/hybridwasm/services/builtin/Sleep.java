package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Waits, then echoes its input; for testing deadlines, cancellation and graceful shutdown.
 *
 * <p>The wait is config {@code "millis"}; without it, the payload is read as ASCII decimal
 * milliseconds (e.g. {@code "250"}). At most {@value #MAX_MILLIS} ms. The wait ends early
 * when the call is cancelled or its deadline passes, and the service then returns at once
 * (the server discards the result of a cancelled call), so a cancelled Sleep does not hold a
 * worker thread. Metadata {@code "slept_ms"} says how long it actually waited.
 */
@AutoService(HostedService.class)
public final class Sleep extends HostedService {

    /** The name callers use. */
    public static final String NAME = "Sleep";
    /** The longest wait accepted: one minute. */
    public static final long MAX_MILLIS = 60_000;

    /** For {@link java.util.ServiceLoader}. */
    public Sleep() {
    }

    /** Hosted only by servers built with diagnostics on. */
    @Override
    public boolean diagnostic() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Waits config 'millis' (or the payload as decimal millis), then echoes; stops when cancelled.";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public Set<PayloadEncoding> accepts() {
        return EnumSet.allOf(PayloadEncoding.class);
    }

    @Override
    public ServiceResult execute(ServiceCall call) {
        long millis = call.config("millis").isPresent()
                ? call.longConfig("millis", 0)
                : parsePayloadMillis(call);
        if (millis < 0 || millis > MAX_MILLIS) {
            throw ServiceException.invalidArgument(
                    "millis must be in 0.." + MAX_MILLIS + ", was " + millis);
        }
        long start = System.nanoTime();
        try {
            call.cancellation().await(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceException.internal("Sleep was interrupted", e);
        }
        long slept = (System.nanoTime() - start) / 1_000_000;
        return new ServiceResult(call.encoding(), call.data(), Map.of("slept_ms", Long.toString(slept)));
    }

    private static long parsePayloadMillis(ServiceCall call) {
        if (call.size() > 20) {
            throw ServiceException.invalidArgument("Sleep needs config 'millis' or a payload of"
                    + " ASCII decimal milliseconds; got " + call.size() + " bytes and no config");
        }
        String text = StandardCharsets.US_ASCII.decode(call.data()).toString().strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ServiceException.invalidArgument(
                    "Sleep needs config 'millis' or a payload of ASCII decimal milliseconds");
        }
    }
}
