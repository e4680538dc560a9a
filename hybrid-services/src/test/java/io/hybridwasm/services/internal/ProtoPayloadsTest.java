package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.services.spi.Cancellation;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtoPayloadsTest {

    @Test
    void everyEncodingRoundTrips() {
        for (PayloadEncoding encoding : PayloadEncoding.values()) {
            assertEquals(encoding, ProtoPayloads.encoding(ProtoPayloads.encoding(encoding)));
            assertEquals("ENCODING_" + encoding.name(), ProtoPayloads.encoding(encoding).name());
        }
    }

    @Test
    void anUnspecifiedEncodingIsReadAsRawAndAnUnknownOneIsRefused() {
        assertEquals(PayloadEncoding.RAW, ProtoPayloads.encoding(Encoding.ENCODING_UNSPECIFIED));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ProtoPayloads.encoding(Encoding.UNRECOGNIZED));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void callsCarryTheAudioFormatAndResultsKeepTheirBytes() {
        Payload payload = Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_S16LE)
                .setData(ByteString.copyFrom(new byte[] {1, 2, 3, 4})).setSampleRate(8000).setChannels(2).build();
        ServiceCall call = ProtoPayloads.call(payload, Map.of("k", "v"), Optional.empty(), Cancellation.NEVER);
        assertEquals(PayloadEncoding.PCM_S16LE, call.encoding());
        assertEquals(8000, call.sampleRate());
        assertEquals(2, call.channels());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, call.bytes());
        assertTrue(call.data().isReadOnly());

        Payload out = ProtoPayloads.payload(ServiceResult.json("{\"a\":1}"));
        assertEquals(Encoding.ENCODING_JSON_UTF8, out.getEncoding());
        assertEquals("{\"a\":1}", out.getData().toStringUtf8());
    }

    @Test
    void serviceExceptionKindsMapToOneStatusEach() {
        assertEquals(Status.Code.INVALID_ARGUMENT,
                GrpcStatuses.of(ServiceException.invalidArgument("bad"), "S").getStatus().getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION,
                GrpcStatuses.of(ServiceException.failedPrecondition("no"), "S").getStatus().getCode());
        StatusRuntimeException internal = GrpcStatuses.of(ServiceException.internal("boom", null), "S");
        assertEquals(Status.Code.INTERNAL, internal.getStatus().getCode());
        assertEquals("S: boom", internal.getStatus().getDescription());
    }

    @Test
    void anUnexpectedExceptionIsInternalWithoutLeakingItsMessage() {
        StatusRuntimeException e = GrpcStatuses.of(new IllegalStateException("secret path /etc/x"), "S");
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(!e.getStatus().getDescription().contains("secret"), e.getStatus().getDescription());
    }
}
