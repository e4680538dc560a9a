package io.hybridwasm.services.builtin;

import com.google.auto.service.AutoService;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.internal.JsonText;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls made in a session and answers
 * {@code {"session_id":"...","calls":N}} (UTF-8 JSON), N counting this call. Lets tests
 * observe that server-side session state survives between calls. Ignores the payload. A call
 * without a session fails with FAILED_PRECONDITION.
 */
@AutoService(HostedService.class)
public final class SessionCounter extends HostedService {

    /** The name callers use. */
    public static final String NAME = "SessionCounter";

    /** For {@link java.util.ServiceLoader}. */
    public SessionCounter() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Counts calls per session (observes server-side session state).";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public Set<PayloadEncoding> accepts() {
        return EnumSet.allOf(PayloadEncoding.class);
    }

    @Override
    public ServiceResult execute(ServiceCall call) {
        ServiceSession session = call.session().orElseThrow(() -> ServiceException.failedPrecondition(
                NAME + " needs a session: call OpenSession and pass its session_id"));
        long calls = session.state("calls", AtomicLong.class, AtomicLong::new).incrementAndGet();
        return ServiceResult.json("{\"session_id\":" + JsonText.quote(session.id())
                + ",\"calls\":" + calls + "}");
    }
}
