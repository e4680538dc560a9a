package io.hybridwasm.bridge.internal;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors;
import io.grpc.MethodDescriptor;
import io.grpc.testing.integration.Messages;
import io.grpc.testing.integration.Test;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transcoding of one method against the interop {@code grpc.testing} schema; no network. */
class MethodSchemaTest {
    private final ServiceSchema service = new ServiceSchema(Test.getDescriptor().findServiceByName("TestService"));
    private final MethodSchema unary = service.method("UnaryCall", () -> "test");

    @org.junit.jupiter.api.Test
    void jsonBecomesTheRequestMessageAndTheResponseBecomesProto3Json() throws Exception {
        byte[] request = unary.request("{\"responseSize\":7,\"fillUsername\":true}".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Messages.SimpleRequest.newBuilder().setResponseSize(7).setFillUsername(true).build(),
                Messages.SimpleRequest.parseFrom(request));
        byte[] response = Messages.SimpleResponse.newBuilder().setUsername("ada").build().toByteArray();
        assertEquals("{\"username\":\"ada\"}", new String(unary.response(response, false), StandardCharsets.UTF_8));
        assertArrayEquals(response, unary.response(response, true), "+proto passes bytes through");
        assertEquals(MethodDescriptor.MethodType.UNARY, unary.type());
        assertEquals("grpc.testing.TestService/UnaryCall", unary.fullName());
    }

    @org.junit.jupiter.api.Test
    void hostileJsonIsMinus8NeverACrash() {
        String deep = "{\"payload\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        for (String bad : new String[] {deep, "{\"responseSize\":\"many\"}", "[]"}) {
            RemoteCallException e = assertThrows(RemoteCallException.class,
                    () -> unary.request(bad.getBytes(StandardCharsets.UTF_8), false), bad.substring(0, Math.min(40, bad.length())));
            assertEquals(HostStatus.INVALID_ARGUMENT, e.status());
            assertTrue(e.getMessage().startsWith("request for grpc.testing.TestService/UnaryCall does not fit"
                    + " grpc.testing.SimpleRequest: "), e.getMessage());
        }
        RemoteCallException notUtf8 = assertThrows(RemoteCallException.class,
                () -> unary.request(new byte[] {'{', (byte) 0xC3, '}'}, false));
        assertEquals(HostStatus.INVALID_ARGUMENT, notUtf8.status());
        assertTrue(notUtf8.getMessage().startsWith("request for grpc.testing.TestService/UnaryCall is not UTF-8 JSON"),
                notUtf8.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aRealReplacementCharacterIsTextNotMalformedInput() throws Exception {
        byte[] request = unary.request("{\"responseStatus\":{\"message\":\"a\uFFFDb\"}}".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("a\uFFFDb", Messages.SimpleRequest.parseFrom(request).getResponseStatus().getMessage());
    }

    @org.junit.jupiter.api.Test
    void aMissingProto2RequiredFieldIsMinus8NamingIt() throws Exception {
        DescriptorProtos.FileDescriptorProto file = DescriptorProtos.FileDescriptorProto.newBuilder()
                .setName("legacy.proto").setPackage("legacy").setSyntax("proto2")
                .addMessageType(DescriptorProtos.DescriptorProto.newBuilder().setName("Order")
                        .addField(DescriptorProtos.FieldDescriptorProto.newBuilder().setName("id").setNumber(1)
                                .setLabel(DescriptorProtos.FieldDescriptorProto.Label.LABEL_REQUIRED)
                                .setType(DescriptorProtos.FieldDescriptorProto.Type.TYPE_INT32)))
                .addService(DescriptorProtos.ServiceDescriptorProto.newBuilder().setName("Orders")
                        .addMethod(DescriptorProtos.MethodDescriptorProto.newBuilder().setName("Place")
                                .setInputType(".legacy.Order").setOutputType(".legacy.Order")))
                .build();
        MethodSchema place = new ServiceSchema(Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                .findServiceByName("Orders")).method("Place", () -> "test");
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> place.request("{}".getBytes(StandardCharsets.UTF_8), false));
        assertEquals(HostStatus.INVALID_ARGUMENT, e.status());
        assertTrue(e.getMessage().contains("does not fit legacy.Order") && e.getMessage().contains("id"), e.getMessage());
        assertEquals(2, place.request("{\"id\":7}".getBytes(StandardCharsets.UTF_8), false).length);
    }

    @org.junit.jupiter.api.Test
    void anAnswerThatIsNotTheResponseTypeIsARemoteError() {
        assertEquals(HostStatus.REMOTE_ERROR, assertThrows(RemoteCallException.class,
                () -> unary.response(new byte[] {(byte) 0xFF, (byte) 0xFF}, false)).status());
    }

    @org.junit.jupiter.api.Test
    void anUnknownMethodListsTheServicesMethods() {
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> service.method("Nope", () -> "descriptor sets [x.pb]"));
        assertEquals(HostStatus.UNKNOWN_SERVICE, e.status());
        assertTrue(e.getMessage().contains("no method 'Nope' (per descriptor sets [x.pb]; methods: CacheableUnaryCall, EmptyCall"),
                e.getMessage());
    }
}
