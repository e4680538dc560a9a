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
import io.hybridwasm.services.spi.ServiceResult;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EchoTest extends HostedServiceContract {

    @Override
    protected HostedService service() {
        return new Echo();
    }

    @Override
    protected ServiceCall sampleCall() {
        return ServiceCall.of(PayloadEncoding.JSON_UTF8, "{}".getBytes());
    }

    @Test
    void returnsTheSameBytesInTheSameEncoding() {
        byte[] data = {1, 2, 3, 4, 5};
        ServiceResult result = new Echo().execute(ServiceCall.of(PayloadEncoding.PCM_S16LE, data));
        assertEquals(PayloadEncoding.PCM_S16LE, result.encoding());
        assertArrayEquals(data, result.bytes());
    }

    @Test
    void sharesTheRequestBytesInsteadOfCopying() {
        byte[] backing = {9, 8, 7};
        ServiceCall call = new ServiceCall(PayloadEncoding.RAW, ByteBuffer.wrap(backing), Map.of(),
                Optional.empty(), 0, 0, Cancellation.NEVER);
        ServiceResult result = new Echo().execute(call);
        backing[0] = 42; // visible through the result: no copy was made
        assertEquals(42, result.data().get(0));
        assertTrue(result.data().isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> result.data().put(0, (byte) 1));
    }

    @Test
    void isIdempotentAndCacheable() {
        assertTrue(new Echo().idempotent());
        assertTrue(new Echo().cacheable());
    }
}
