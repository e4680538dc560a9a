package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Returns its input unchanged, in the same encoding. Used for diagnostics and to measure the
 * overhead of a remote call, so it does not copy the payload: the result shares the
 * request's read-only bytes.
 */
@AutoService(HostedService.class)
public final class Echo extends HostedService {

    /** The name callers use. */
    public static final String NAME = "Echo";

    private static final Set<PayloadEncoding> ALL = EnumSet.allOf(PayloadEncoding.class);

    /** For {@link java.util.ServiceLoader}. */
    public Echo() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Returns its input unchanged (diagnostics, overhead benchmarks).";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public Set<PayloadEncoding> accepts() {
        return ALL;
    }

    @Override
    public ServiceResult execute(ServiceCall call) {
        return new ServiceResult(call.encoding(), call.data(), Map.of());
    }
}
