package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ListServicesRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.ServiceInfo;
import io.hybridwasm.services.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sleep and Fail are reachable only on a server that opted in to diagnostics. */
class DiagnosticServicesIT {

    private static ExecuteRequest request(String service, String data) {
        return ExecuteRequest.newBuilder().setService(service).setInput(Payload.newBuilder()
                .setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8(data))).build();
    }

    private static Status statusOf(TestServer server, String service, String data) {
        return assertThrows(StatusRuntimeException.class,
                () -> server.blocking().execute(request(service, data))).getStatus();
    }

    private static List<String> listed(TestServer server) {
        return server.blocking().listServices(ListServicesRequest.getDefaultInstance())
                .getServicesList().stream().map(ServiceInfo::getName).toList();
    }

    @Test
    void aDefaultServerAnswersNotFoundForSleepAndFailAndDoesNotListThem() throws Exception {
        try (TestServer server = TestServer.start(b -> b.diagnostics(false))) {
            for (String diagnostic : List.of("Sleep", "Fail")) {
                Status status = statusOf(server, diagnostic, "1");
                assertEquals(Status.Code.NOT_FOUND, status.getCode(), diagnostic);
                assertTrue(status.getDescription().contains(diagnostic), status.getDescription());
                assertFalse(listed(server).contains(diagnostic), listed(server).toString());
                assertEquals(0, server.server().stats().executeCalls(diagnostic));
            }
            assertTrue(listed(server).contains("Echo"), listed(server).toString());
            assertEquals("hi", server.blocking().execute(request("Echo", "hi")).getOutput().getData()
                    .toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerWithDiagnosticsHostsAndListsThem() throws Exception {
        try (TestServer server = TestServer.start(b -> b.diagnostics(true))) {
            assertTrue(listed(server).containsAll(List.of("Sleep", "Fail", "Echo")), listed(server).toString());
            assertEquals(Status.Code.INTERNAL, statusOf(server, "Fail", "x").getCode());
            assertEquals("1", server.blocking().execute(request("Sleep", "1")).getOutput().getData()
                    .toString(StandardCharsets.UTF_8));
        }
    }
}
