package io.hybridwasm.bridge;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.InteropGuests;
import io.hybridwasm.bridge.testing.InteropServer;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static io.hybridwasm.bridge.testing.InteropGuests.SERVICE;
import static io.hybridwasm.bridge.testing.InteropGuests.call;
import static io.hybridwasm.bridge.testing.InteropGuests.lastError;
import static io.hybridwasm.bridge.testing.InteropGuests.remote;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guests calling methods of existing gRPC servers by name, through the real imports and real
 * channels: grpc-java's interop {@code grpc.testing.TestService} (with and without reflection)
 * and the project's own {@link HybridServer}'s health service.
 */
class MethodCallsIT {
    private static final String UNARY = SERVICE + "/UnaryCall";

    @RegisterExtension
    static final InteropGuests interop = new InteropGuests();

    @Test
    void unaryCallTakesJsonAndAnswersJsonAndAJavaCallerGetsTheSame() {
        String request = "{\"responseSize\":4,\"payload\":{\"body\":\"AQID\"}}";
        try (Guest guest = interop.guest("unary");
             RemoteExecutionClient client = RemoteExecutionClient.builder(
                     remote(interop.server().target()).build()).build()) {
            Guest.Answer answer = call(guest, UNARY, request);
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("{\"payload\":{\"body\":\"AAAAAA==\"}}", answer.text(), "4 bytes of the server's zeros");
            assertArrayEquals(answer.bytes(), client.call(UNARY, request.getBytes(StandardCharsets.UTF_8)).bytes());
        }
    }

    @Test
    void emptyCallWorksWithAnEmptyObject() {
        try (Guest guest = interop.guest("empty")) {
            Guest.Answer answer = call(guest, SERVICE + "/EmptyCall", "{}");
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("{}", answer.text());
        }
    }

    @Test
    void reflectionIsAskedOncePerChannelAndV1alphaServesWhenV1IsMissing() throws Exception {
        try (InteropServer old = InteropServer.start(InteropServer.Reflection.V1ALPHA_ONLY)) {
            RemoteConfig remote = remote(old.target()).build();
            for (String id : new String[] {"alpha-1", "alpha-2"}) {
                try (Guest guest = interop.guest(id, remote, Set.of(SERVICE + "/*"))) {
                    assertEquals("{}", call(guest, SERVICE + "/EmptyCall", "{}").text());
                    assertEquals(0, call(guest, UNARY, "{}").status());
                }
            }
            assertEquals(1, old.callsOf("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"),
                    "one lookup for the service, shared by both instances on the channel");
        }
    }

    @Test
    void anUnknownMethodOrServiceIsMinus5() {
        try (Guest guest = interop.guest("unknown", remote(interop.server().target()).build(),
                Set.of(SERVICE + "/*", "no.such.Service/Call"))) {
            assertEquals(-5, call(guest, SERVICE + "/NoSuchMethod", "{}").status());
            assertTrue(lastError(guest).get("message").getAsString().contains("no method 'NoSuchMethod'"),
                    () -> lastError(guest).toString());
            assertEquals(-5, call(guest, "no.such.Service/Call", "{}").status());
            assertTrue(lastError(guest).get("message").getAsString().contains("no.such.Service"));
        }
    }

    @Test
    void aMisspelledFieldIsMinus8AndTheDetailNamesIt() {
        try (Guest guest = interop.guest("misspelled")) {
            int before = interop.server().callsOf(UNARY);
            assertEquals(-8, call(guest, UNARY, "{\"responseSiz\":4}").status());
            JsonObject detail = lastError(guest);
            assertEquals(-8, detail.get("status").getAsInt());
            assertTrue(detail.get("message").getAsString().contains("responseSiz"), detail.toString());
            assertEquals(before, interop.server().callsOf(UNARY), "refused before anything was sent");
            assertEquals(-8, call(guest, UNARY, "{not json").status());
        }
    }

    @Test
    void aRemoteErrorCarriesItsGrpcStatusAndDescriptionInTheDetail() {
        try (Guest guest = interop.guest("remote-error")) {
            assertEquals(-9, call(guest, UNARY, "{\"responseStatus\":{\"code\":3,\"message\":\"bad size\"}}").status());
            JsonObject detail = lastError(guest);
            assertEquals("INVALID_ARGUMENT", detail.get("grpc_status").getAsString());
            assertEquals(3, detail.get("grpc_code").getAsInt());
            assertEquals("bad size", detail.get("grpc_description").getAsString());
            Guest.Answer tooSmall = guest.lastError(4);
            assertEquals(-3, tooSmall.status());
            assertEquals(detail.toString().length(), tooSmall.length(), "the size needed");
        }
    }

    @Test
    void plusProtoExchangesSerializedProtobuf() throws Exception {
        byte[] request = SimpleRequest.newBuilder().setResponseSize(3)
                .setPayload(Payload.newBuilder().setBody(ByteString.copyFromUtf8("hi"))).build().toByteArray();
        try (Guest guest = interop.guest("raw")) {
            Guest.Answer answer = guest.callRemote(UNARY + "+proto", request, 1024);
            assertEquals(0, answer.status());
            assertEquals(3, SimpleResponse.parseFrom(answer.bytes()).getPayload().getBody().size());
        }
    }

    @Test
    void aDescriptorSetServesAServerWithoutReflection(@TempDir Path dir) throws Exception {
        Path set = InteropServer.writeDescriptorSet(dir.resolve("test.pb"));
        try (InteropServer plain = InteropServer.start(InteropServer.Reflection.NONE)) {
            RemoteConfig described = remote(plain.target()).descriptorSet(set).build();
            try (Guest guest = interop.guest("descriptor-set", described, Set.of(UNARY))) {
                Guest.Answer answer = call(guest, UNARY, "{\"responseSize\":2}");
                assertEquals(0, answer.status(), () -> lastError(guest).toString());
                assertEquals("{\"payload\":{\"body\":\"AAA=\"}}", answer.text());
            }
            try (Guest guest = interop.guest("no-schema", remote(plain.target()).build(), Set.of(UNARY))) {
                assertEquals(-5, call(guest, UNARY, "{}").status());
                assertTrue(lastError(guest).get("message").getAsString().contains("offers no reflection service"));
            }
        }
    }

    @Test
    void aRetryPolicyInTheServiceConfigRetriesItsMethodAndAMethodWithoutOneIsNotRetried() {
        String unavailable = "{\"responseStatus\":{\"code\":14,\"message\":\"try again\"}}";
        try (Guest guest = interop.guest("retries", retryingOnly("UnaryCall"), Set.of(UNARY))) {
            int before = interop.server().callsOf(UNARY);
            assertEquals(-2, call(guest, UNARY, unavailable).status());
            assertEquals(before + 3, interop.server().callsOf(UNARY), "three attempts, as the policy says");
        }
        try (Guest guest = interop.guest("no-retries", retryingOnly("EmptyCall"), Set.of(UNARY))) {
            int before = interop.server().callsOf(UNARY);
            assertEquals(-2, call(guest, UNARY, unavailable).status());
            assertEquals(before + 1, interop.server().callsOf(UNARY), "no policy for UnaryCall: one attempt");
        }
    }

    @Test
    void aTimeoutInTheServiceConfigEndsTheCallWithMinus6() {
        String serviceConfig = """
                {"methodConfig": [{"name": [{"service": "grpc.testing.TestService",
                                             "method": "StreamingOutputCall"}], "timeout": "0.2s"}]}""";
        RemoteConfig remote = remote(interop.server().target()).serviceConfig(serviceConfig).build();
        try (Guest guest = interop.guest("timeout", remote, Set.of(SERVICE + "/*"))) {
            assertEquals(0, call(guest, SERVICE + "/EmptyCall", "{}").status(), "other methods keep the 10 s deadline");
            assertEquals(-6, call(guest, SERVICE + "/StreamingOutputCall",
                    "{\"responseParameters\":[{\"size\":1,\"intervalUs\":3000000}]}").status());
            assertEquals("DEADLINE_EXCEEDED", lastError(guest).get("grpc_status").getAsString());
        }
    }

    /** A service config retrying {@code method} of the TestService on UNAVAILABLE, 3 attempts. */
    private static RemoteConfig retryingOnly(String method) {
        String serviceConfig = """
                {"methodConfig": [{
                  "name": [{"service": "grpc.testing.TestService", "method": "%s"}],
                  "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.01s", "maxBackoff": "0.05s",
                                  "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}
                }]}""".formatted(method);
        return remote(interop.server().target()).serviceConfig(serviceConfig).build();
    }

    @Test
    void theAuthTokenGoesWithTheReflectionLookupAndTheCall() {
        try (InteropServer fresh = InteropServer.start(InteropServer.Reflection.V1);
             Guest guest = interop.guest("token", remote(fresh.target()).authToken("s3cret").build(), Set.of(UNARY))) {
            assertEquals(0, call(guest, UNARY, "{}").status());
            assertEquals("Bearer s3cret", fresh.authorizations.get(UNARY));
            assertEquals("Bearer s3cret",
                    fresh.authorizations.get("grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
        }
    }

    @Test
    void aReplicaResolverRoutesAMethodByItsServiceAcrossReplicas() {
        try (InteropServer second = InteropServer.start(InteropServer.Reflection.V1)) {
            ProviderRegistry<RemoteServiceResolver> resolvers = ProviderRegistry.empty(RemoteServiceResolver.class);
            resolvers.register(StaticReplicaResolver.builder().service(SERVICE, interop.server().target(), second.target()).build());
            try (RemoteExecutionClient client = RemoteExecutionClient.builder(
                    RemoteConfig.builder().deadline(Duration.ofSeconds(10)).build()).resolvers(resolvers).build()) {
                String method = SERVICE + "/EmptyCall";
                int first = interop.server().callsOf(method);
                int calls = 0;
                // round_robin sends to the replicas whose connection is ready; the second one joins within a few calls.
                while (calls < 200 && (interop.server().callsOf(method) == first || second.callsOf(method) == 0)) {
                    assertEquals("{}", new String(client.call(method, new byte[0]).bytes(), StandardCharsets.UTF_8));
                    calls++;
                }
                assertTrue(interop.server().callsOf(method) > first && second.callsOf(method) > 0,
                        "both replicas served the method after " + calls + " calls");
                assertEquals(calls, interop.server().callsOf(method) - first + second.callsOf(method));
            }
        }
    }

    @Test
    void aServiceWildcardAllowsItsMethodsOnly() {
        try (Guest guest = interop.guest("wildcard")) {
            assertEquals(0, call(guest, SERVICE + "/EmptyCall", "{}").status());
            assertEquals(-4, call(guest, "grpc.testing.UnimplementedService/UnimplementedCall", "{}").status());
            assertEquals(-4, call(guest, "grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "{}").status());
        }
    }

    @Test
    void healthCheckOfHybridServerItselfThroughReflection() throws IOException {
        try (HybridServer server = HybridServer.builder().port(0).build().start();
             Guest guest = interop.guest("health", remote("127.0.0.1:" + server.port()).build(),
                     Set.of("grpc.health.v1.Health/Check"))) {
            Guest.Answer answer = call(guest, "grpc.health.v1.Health/Check", "{}");
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("{\"status\":\"SERVING\"}", answer.text());
        }
    }
}
