package io.hybridwasm.examples.bench;

import com.google.protobuf.util.JsonFormat;
import io.hybridwasm.examples.inventory.v1.ReserveRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MethodCallBenchTest {
    @Test
    void theGuestsJsonIsTheStubsMessageAndOneKibLong() throws IOException {
        ReserveRequest request = MethodCallBench.request();
        String json = MethodCallBench.json(request);
        assertEquals(MethodCallBench.REQUEST_JSON_BYTES, json.getBytes(StandardCharsets.UTF_8).length);
        ReserveRequest.Builder parsed = ReserveRequest.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertEquals(request, parsed.build());
    }
}
