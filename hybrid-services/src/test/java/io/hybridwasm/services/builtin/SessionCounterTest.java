package io.hybridwasm.services.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceContract;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceSession;
import org.junit.jupiter.api.Test;

class SessionCounterTest extends HostedServiceContract {

    @Override
    protected HostedService service() {
        return new SessionCounter();
    }

    @Override
    protected ServiceCall sampleCall() {
        return ServiceCall.of(PayloadEncoding.RAW, new byte[0]).withSession(new ServiceSession("s1"));
    }

    @Test
    void countsCallsPerSession() {
        SessionCounter counter = new SessionCounter();
        ServiceCall a = ServiceCall.of(PayloadEncoding.RAW, new byte[0]).withSession(new ServiceSession("a\"b"));
        ServiceCall b = ServiceCall.of(PayloadEncoding.RAW, new byte[0]).withSession(new ServiceSession("b"));
        assertEquals("{\"session_id\":\"a\\\"b\",\"calls\":1}", counter.execute(a).text());
        assertEquals("{\"session_id\":\"a\\\"b\",\"calls\":2}", counter.execute(a).text());
        assertEquals("{\"session_id\":\"b\",\"calls\":1}", counter.execute(b).text());
        assertEquals(PayloadEncoding.JSON_UTF8, counter.execute(b).encoding());
    }

    @Test
    void withoutASessionItIsAFailedPrecondition() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> new SessionCounter().execute(ServiceCall.of(PayloadEncoding.RAW, new byte[0])));
        assertEquals(ServiceException.Kind.FAILED_PRECONDITION, e.kind());
    }
}
