package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.bridge.testing.InteropGuests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static io.hybridwasm.bridge.testing.InteropGuests.SERVICE;
import static io.hybridwasm.bridge.testing.InteropGuests.call;
import static io.hybridwasm.bridge.testing.InteropGuests.lastError;
import static io.hybridwasm.bridge.testing.InteropGuests.remote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming methods of grpc-java's interop {@code grpc.testing.TestService} called by name from
 * a guest, through the real imports and real channels: server streaming as one array, client and
 * bidirectional streaming through {@code stream_to_remote}, finished by {@code call_remote_service}.
 */
class MethodStreamsIT {
    @RegisterExtension
    static final InteropGuests interop = new InteropGuests();

    @Test
    void serverStreamingReturnsEveryResponseInOrder() {
        try (Guest guest = interop.guest("server-streaming")) {
            Guest.Answer answer = call(guest, SERVICE + "/StreamingOutputCall",
                    "{\"responseParameters\":[{\"size\":1},{\"size\":2},{\"size\":3}]}");
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("[{\"payload\":{\"body\":\"AA==\"}},{\"payload\":{\"body\":\"AAA=\"}},"
                    + "{\"payload\":{\"body\":\"AAAA\"}}]", answer.text());
        }
    }

    @Test
    void aResultTooBigForTheBufferIsKeptLikeAnyResult() {
        String streaming = SERVICE + "/StreamingOutputCall";
        byte[] request = "{\"responseParameters\":[{\"size\":1},{\"size\":2}]}".getBytes(StandardCharsets.UTF_8);
        try (Guest guest = interop.guest("too-small")) {
            int before = interop.server().callsOf(streaming);
            Guest.Answer small = guest.callRemote(streaming, request, 8);
            assertEquals(-3, small.status());
            Guest.Answer retry = guest.callRemote(streaming, request, small.length());
            assertEquals(0, retry.status());
            assertEquals("[{\"payload\":{\"body\":\"AA==\"}},{\"payload\":{\"body\":\"AAA=\"}}]", retry.text());
            assertEquals(before + 1, interop.server().callsOf(streaming), "the retry did not call the server again");
        }
    }

    @Test
    void streamedResponsesBeyondTheMaximumMessageSizeAreMinus10() {
        RemoteConfig remote = remote(interop.server().target()).build();
        try (Guest guest = interop.guest("too-large", Guest.config(remote, Set.of(SERVICE + "/*")).toBuilder()
                .maxMessageSize(1_000).build())) {
            Guest.Answer answer = call(guest, SERVICE + "/StreamingOutputCall",
                    "{\"responseParameters\":[{\"size\":400},{\"size\":400},{\"size\":400}]}");
            assertEquals(-10, answer.status());
            assertTrue(lastError(guest).get("message").getAsString().contains("maximum message size"));
        }
    }

    @Test
    void clientStreamingGoesThroughStreamToRemoteAndCallRemoteServiceFinishesIt() {
        String method = SERVICE + "/StreamingInputCall";
        byte[] threeBytes = "{\"payload\":{\"body\":\"AAAA\"}}".getBytes(StandardCharsets.UTF_8);
        try (Guest guest = interop.guest("client-streaming")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, guest.stream(method, threeBytes));
            }
            Guest.Answer answer = guest.callRemote(method, new byte[0], 1024);
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("{\"aggregatedPayloadSize\":9}", answer.text());

            Guest.Answer oneShot = guest.callRemote(method, threeBytes, 1024);
            assertEquals("{\"aggregatedPayloadSize\":3}", oneShot.text(), "a fresh stream of one message");
        }
    }

    @Test
    void bidiStreamingReturnsEveryResponseWhenFinished() {
        String method = SERVICE + "/FullDuplexCall";
        try (Guest guest = interop.guest("bidi")) {
            assertEquals(0, guest.stream(method, "{\"responseParameters\":[{\"size\":1}]}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(-8, guest.stream(method, "{\"bogus\":1}".getBytes(StandardCharsets.UTF_8)),
                    "a message that does not fit is refused; the stream goes on");
            Guest.Answer answer = guest.callRemote(method,
                    "{\"responseParameters\":[{\"size\":2}]}".getBytes(StandardCharsets.UTF_8), 1024);
            assertEquals(0, answer.status(), () -> lastError(guest).toString());
            assertEquals("[{\"payload\":{\"body\":\"AA==\"}},{\"payload\":{\"body\":\"AAA=\"}}]", answer.text());
        }
    }
}
