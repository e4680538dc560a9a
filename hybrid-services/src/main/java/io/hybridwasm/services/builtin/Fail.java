package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import java.util.EnumSet;
import java.util.Set;

/**
 * Always fails with an INTERNAL error, so clients can test how they report a service that
 * broke while processing (the guest ABI's REMOTE_ERROR).
 */
@AutoService(HostedService.class)
public final class Fail extends HostedService {

    /** The name callers use. */
    public static final String NAME = "Fail";

    /** For {@link java.util.ServiceLoader}. */
    public Fail() {
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
        return "Always fails with an internal error (tests error mapping).";
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
        throw ServiceException.internal("Fail always fails (diagnostic service)", null);
    }
}
