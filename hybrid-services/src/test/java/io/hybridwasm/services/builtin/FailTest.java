package io.hybridwasm.services.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceContract;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import org.junit.jupiter.api.Test;

class FailTest extends HostedServiceContract {

    @Override
    protected HostedService service() {
        return new Fail();
    }

    @Override
    protected ServiceCall sampleCall() {
        return ServiceCall.of(PayloadEncoding.RAW, new byte[] {1});
    }

    @Test
    void alwaysFailsWithAnInternalError() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> new Fail().execute(ServiceCall.of(PayloadEncoding.RAW, new byte[] {1})));
        assertEquals(ServiceException.Kind.INTERNAL, e.kind());
    }
}
