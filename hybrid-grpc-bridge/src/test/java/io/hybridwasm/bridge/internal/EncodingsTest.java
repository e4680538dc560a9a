package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncodingsTest {

    @ParameterizedTest
    @EnumSource(PayloadEncoding.class)
    void everyApiEncodingHasAWireTwin(PayloadEncoding encoding) {
        assertEquals(encoding, Encodings.fromProto(Encodings.toProto(encoding)));
    }

    @Test
    void unspecifiedAndUnknownReadAsRaw() {
        assertEquals(PayloadEncoding.RAW, Encodings.fromProto(Encoding.ENCODING_UNSPECIFIED));
        assertEquals(PayloadEncoding.RAW, Encodings.fromProto(Encoding.UNRECOGNIZED));
    }
}
