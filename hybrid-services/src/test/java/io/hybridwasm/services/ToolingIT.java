package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.hybridwasm.services.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Standard gRPC tooling (health checks, reflection) works against the server. */
class ToolingIT {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthReportsServingForTheServerAndTheProtocolService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(ServingStatus.SERVING,
                health.check(HealthCheckRequest.newBuilder().setService("hybrid.v1.RemoteExecution").build())
                        .getStatus());
    }

    @Test
    void reflectionListsTheRemoteExecutionService() throws Exception {
        ServerReflectionResponse response = server.listServicesByReflection(null, Duration.ofSeconds(10));
        List<String> names = response.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        assertTrue(names.contains("hybrid.v1.RemoteExecution"), names.toString());
        assertTrue(names.contains("grpc.health.v1.Health"), names.toString());
        assertNull(response.hasErrorResponse() ? response.getErrorResponse() : null);
    }

    @Test
    void theServerNamesItsGrpcServices() {
        assertTrue(server.server().grpcServiceNames().containsAll(
                List.of("hybrid.v1.RemoteExecution", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection")),
                server.server().grpcServiceNames().toString());
    }
}
