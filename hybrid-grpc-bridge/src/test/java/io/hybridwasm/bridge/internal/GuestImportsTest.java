package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.ServiceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The three imports against a byte-array memory and a fake client: no network anywhere. */
class GuestImportsTest {
    private static final byte[] ANSWER = "the answer is forty-two".getBytes(StandardCharsets.UTF_8);

    private final RemoteCalls calls = mock(RemoteCalls.class);
    private Guest guest = guest(Set.of("Echo", "Vad"));

    private Guest guest(Set<String> allowed) {
        WasmConfig config = Guest.config(RemoteConfig.builder().target("127.0.0.1:1").build(), allowed);
        return new Guest("instance-1", config, new GuestImports(context -> calls).functions());
    }

    @Test
    void lastErrorIsEmptyUntilACallFailsThenHoldsItsStatusAndMessage() {
        Guest.Answer none = guest.lastError(64);
        assertEquals(0, none.status());
        assertEquals(0, none.length());
        assertEquals(-4, guest.callRemote("NotAllowed", new byte[1], 16).status());
        Guest.Answer detail = guest.lastError(1024);
        assertEquals(0, detail.status());
        assertTrue(detail.text().startsWith("{\"status\":-4,\"message\":\"service 'NotAllowed' is not on"),
                detail.text());
        knows("Echo");
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        assertEquals(0, guest.callRemote("Echo", new byte[1], 64).status());
        assertEquals(detail.text(), guest.lastError(1024).text(), "a success does not clear it");
        assertEquals(-8, guest.invoke("last_error", 0, 1 << 30), "a length slot outside memory");
    }

    private void knows(String service) {
        when(calls.resolve(service)).thenReturn(Optional.of(ServiceEndpoint.of(service, "127.0.0.1:1")));
    }

    @AfterEach
    void closeGuest() throws Exception {
        guest.close();
    }

    @Test
    void offersTheThreeAbiImportsWithTheirSignatures() {
        var functions = new GuestImports(context -> calls).functions();
        assertEquals("env.call_remote_service (i32, i32, i32, i32, i32, i32) -> i32",
                functions.get(0).qualifiedName() + " " + functions.get(0).type());
        assertEquals("env.stream_to_remote (i32, i32, i32, i32) -> i32",
                functions.get(1).qualifiedName() + " " + functions.get(1).type());
        assertEquals("env.get_remote_session (i32, i32, i32, i32) -> i32",
                functions.get(2).qualifiedName() + " " + functions.get(2).type());
    }

    @Test
    void aServiceOffTheAllowlistIsNotAllowedWithoutAnyRemoteWork() {
        assertEquals(-4, guest.callRemote("Secret", ANSWER, 64).status());
        assertEquals(-4, guest.stream("Secret", ANSWER));
        verifyNoInteractions(calls);
    }

    @Test
    void anEmptyAllowlistDeniesEverythingAndSaysSo() throws Exception {
        guest.close();
        guest = guest(Set.of());
        assertEquals(-4, guest.callRemote("Echo", ANSWER, 64).status());
        verifyNoInteractions(calls);
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> new GuestImports(c -> calls).callRemoteService(hostCall(), args()));
        assertEquals(HostStatus.NOT_ALLOWED, e.status());
        assertTrue(e.getMessage().contains("allowlist") && e.getMessage().contains("empty"), e.getMessage());
    }

    private HostCall hostCall() {
        return new HostCall() {
            @Override
            public GuestMemory memory() {
                return guest.memory;
            }

            @Override
            public HostContext context() {
                return guest.context;
            }

            @Override
            public Instant deadline() {
                return Instant.now().plusSeconds(5);
            }
        };
    }

    private int[] args() {
        int service = guest.memory.putUtf8("Echo");
        int data = guest.memory.put(ANSWER);
        return new int[] {service, 4, data, ANSWER.length, guest.memory.alloc(64), guest.memory.lengthSlot(64)};
    }

    @Test
    void pointersOutsideMemoryAreInvalidArguments() {
        knows("Echo");
        int service = guest.memory.putUtf8("Echo");
        int data = guest.memory.put(ANSWER);
        int result = guest.memory.alloc(64);
        int len = guest.memory.lengthSlot(64);
        int outside = (int) guest.memory.size() - 2;
        assertEquals(-8, guest.invoke("call_remote_service", outside, 4, data, ANSWER.length, result, len));
        assertEquals(-8, guest.invoke("call_remote_service", service, 4, outside, ANSWER.length, result, len));
        assertEquals(-8, guest.invoke("call_remote_service", service, 4, data, ANSWER.length, outside, len));
        assertEquals(-8, guest.invoke("call_remote_service", service, 4, data, ANSWER.length, result, outside));
        assertEquals(-8, guest.invoke("call_remote_service", service, 4, data, -1, result, len));
        int hugeCapacity = guest.memory.lengthSlot(Integer.MAX_VALUE);
        assertEquals(-8, guest.invoke("call_remote_service", service, 4, data, ANSWER.length, result, hugeCapacity));
        assertEquals(-8, guest.invoke("stream_to_remote", service, 4, outside, 16));
        assertEquals(-8, guest.invoke("get_remote_session", outside, 4, result, len));
        verify(calls, never()).call(any());
        verify(calls, never()).openSession(anyString(), any());
    }

    @Test
    void aServiceNameThatIsNotUtf8IsAnInvalidArgument() {
        int badName = guest.memory.put(new byte[] {'E', (byte) 0xC3, 0x28, 'o'});
        int data = guest.memory.put(ANSWER);
        assertEquals(-8, guest.invoke("call_remote_service", badName, 4, data, ANSWER.length,
                guest.memory.alloc(64), guest.memory.lengthSlot(64)));
        assertEquals(-8, guest.invoke("stream_to_remote", badName, 4, data, ANSWER.length));
        assertEquals(-8, guest.invoke("get_remote_session", badName, 4, guest.memory.alloc(64), guest.memory.lengthSlot(64)));
        verifyNoInteractions(calls);
    }

    @Test
    void aPayloadOverTheMaximumMessageSizeIsTooLarge() throws Exception {
        guest.close();
        WasmConfig small = Guest.config(RemoteConfig.NONE, Set.of("Echo")).toBuilder().maxMessageSize(16).build();
        guest = new Guest("instance-1", small, new GuestImports(context -> calls).functions());
        assertEquals(-10, guest.callRemote("Echo", new byte[17], 64).status());
        assertEquals(-10, guest.stream("Echo", new byte[17]));
        verifyNoInteractions(calls);
    }

    @Test
    void aServiceNoResolverKnowsIsUnknownBeforeAnyCall() {
        when(calls.resolve("Echo")).thenReturn(Optional.empty());
        assertEquals(-5, guest.callRemote("Echo", ANSWER, 64).status());
        assertEquals(-5, guest.stream("Echo", ANSWER));
        verify(calls, never()).call(any());
        verify(calls, never()).openStream(anyString(), any());
    }

    @Test
    void aResultThatFitsIsWrittenWithItsLength() {
        knows("Echo");
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        Guest.Answer answer = guest.callRemote("Echo", ANSWER, 64);
        assertEquals(0, answer.status());
        assertEquals(ANSWER.length, answer.length());
        assertArrayEquals(ANSWER, answer.bytes());
    }

    @Test
    void bufferTooSmallKeepsTheResultAndTheRetryGetsItWithoutRunningTheRemoteWorkAgain() {
        knows("Echo");
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        byte[] payload = "same input".getBytes(StandardCharsets.UTF_8);

        Guest.Answer tooSmall = guest.callRemote("Echo", payload, 4);
        assertEquals(-3, tooSmall.status());
        assertEquals(ANSWER.length, tooSmall.length(), "the length slot holds the size needed");

        Guest.Answer retry = guest.callRemote("Echo", payload, tooSmall.length());
        assertEquals(0, retry.status());
        assertArrayEquals(ANSWER, retry.bytes());
        verify(calls, times(1)).call(any());

        assertFalse(guest.context.attachment(InstanceBridgeState.class).hasPending(), "the kept result is cleared");
        assertEquals(0, guest.callRemote("Echo", payload, 64).status());
        verify(calls, times(2)).call(any());
    }

    @Test
    void aDifferentCallDiscardsTheKeptResult() {
        knows("Echo");
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        assertEquals(-3, guest.callRemote("Echo", new byte[] {1}, 4).status());
        assertEquals(0, guest.callRemote("Echo", new byte[] {2}, 64).status());
        assertEquals(0, guest.callRemote("Echo", new byte[] {1}, 64).status());
        verify(calls, times(3)).call(any());
    }

    @Test
    void remoteFailuresComeBackAsTheirStatus() {
        knows("Echo");
        when(calls.call(any())).thenThrow(new RemoteCallException(HostStatus.TIMEOUT, "slow"));
        assertEquals(-6, guest.callRemote("Echo", ANSWER, 64).status());
    }

    @Test
    void theSessionIdIsWrittenWithLengthSemanticsAndOpenedOnce() {
        when(calls.openSession(anyString(), any())).thenReturn(new RemoteSession("server-session-7", "t"));

        Guest.Answer tooSmall = guest.session("mine", 3);
        assertEquals(-3, tooSmall.status());
        assertEquals("server-session-7".length(), tooSmall.length());

        Guest.Answer answer = guest.session("mine", 64);
        assertEquals(0, answer.status());
        assertEquals("server-session-7", answer.text());
        verify(calls, times(1)).openSession(eq("instance-1/mine"), any());
    }

    @Test
    void inLegacyModeCallsAfterGetRemoteSessionCarryTheSession() {
        knows("Echo");
        RemoteSession session = new RemoteSession("server-session-7", "static://a/127.0.0.1:1");
        when(calls.openSession(anyString(), any())).thenReturn(session);
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        when(calls.call(any(), any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        guest.callRemote("Echo", ANSWER, 64);
        assertEquals(0, guest.session("mine", 64).status());
        guest.callRemote("Echo", ANSWER, 64);

        verify(calls, times(1)).call(any());
        ArgumentCaptor<RemoteRequest> inSession = ArgumentCaptor.forClass(RemoteRequest.class);
        verify(calls, times(1)).call(inSession.capture(), eq(session));
        assertTrue(inSession.getValue().deadline().isPresent(), "the guest call's deadline is passed on");
    }

    @Test
    void inLegacyModeALostSessionIsReportedOnceThenCallsCarryNone() {
        knows("Echo");
        RemoteSession session = new RemoteSession("server-session-7", "t");
        when(calls.openSession(anyString(), any())).thenReturn(session);
        when(calls.call(any(), any())).thenThrow(new RemoteCallException(HostStatus.SESSION_EXPIRED, "gone"));
        when(calls.call(any())).thenReturn(new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of()));
        assertEquals(0, guest.session("mine", 64).status());

        assertEquals(-11, guest.callRemote("Echo", ANSWER, 64).status());
        assertEquals(0, guest.callRemote("Echo", ANSWER, 64).status());
        verify(calls, times(1)).call(any(), any());
    }

    @Test
    void inLegacyModeAStreamThatLostItsSessionReportsMinus11AndTheNextStreamCarriesNone() {
        knows("Vad");
        RemoteSession session = new RemoteSession("s-9", "t");
        when(calls.openSession(anyString(), any())).thenReturn(session);
        RemoteStream dead = mock(RemoteStream.class);
        RemoteStream fresh = mock(RemoteStream.class);
        when(calls.openStream("Vad", Optional.of(session))).thenReturn(dead);
        when(calls.openStream("Vad", Optional.empty())).thenReturn(fresh);
        when(dead.service()).thenReturn("Vad");
        doThrow(new RemoteCallException(HostStatus.NETWORK_ERROR, "refused")).when(dead).send(any(), any());
        when(dead.isOpen()).thenReturn(false);

        assertEquals(0, guest.session("mine", 64).status());
        assertEquals(-11, guest.stream("Vad", ANSWER), "the session's replica is gone, and its state with it");
        assertEquals(0, guest.stream("Vad", ANSWER));
        verify(fresh).send(any(), any());
    }

    @Test
    void aStreamFailureSurfacesOnTheNextCallAndTheCallAfterThatReopens() throws Exception {
        knows("Vad");
        RemoteStream broken = mock(RemoteStream.class);
        RemoteStream fresh = mock(RemoteStream.class);
        when(calls.openStream(eq("Vad"), any())).thenReturn(broken, fresh);
        when(broken.service()).thenReturn("Vad");
        doNothing()
                .doThrow(new RemoteCallException(HostStatus.REMOTE_ERROR, "stream failed"))
                .when(broken).send(any(), any());
        when(broken.isOpen()).thenReturn(false);

        assertEquals(0, guest.stream("Vad", ANSWER));
        assertEquals(-9, guest.stream("Vad", ANSWER));
        verify(broken).close();
        assertEquals(0, guest.stream("Vad", ANSWER));
        verify(fresh).send(any(), any());
        verify(calls, times(2)).openStream(eq("Vad"), any());

        guest.context.close();
        verify(fresh).close();
    }

    @Test
    void aFlowControlTimeoutKeepsTheStream() {
        knows("Vad");
        RemoteStream slow = mock(RemoteStream.class);
        when(calls.openStream(eq("Vad"), any())).thenReturn(slow);
        doThrow(new RemoteCallException(HostStatus.TIMEOUT, "not ready"))
                .doNothing().when(slow).send(any(), any());
        when(slow.isOpen()).thenReturn(true);
        assertEquals(-6, guest.stream("Vad", ANSWER));
        assertEquals(0, guest.stream("Vad", ANSWER));
        verify(calls, times(1)).openStream(eq("Vad"), any());
    }

    @Test
    void discardingTheInstanceClosesItsSessionsAndStreams() throws Exception {
        knows("Vad");
        RemoteStream stream = mock(RemoteStream.class);
        when(calls.openStream(eq("Vad"), any())).thenReturn(stream);
        RemoteSession first = new RemoteSession("s-1", "t");
        RemoteSession second = new RemoteSession("s-2", "t");
        when(calls.openSession(anyString(), any())).thenReturn(first, second);
        guest.session("a", 64);
        guest.session("b", 64);
        guest.stream("Vad", ANSWER);

        guest.context.close();
        verify(stream).close();
        verify(calls).closeSession(first);
        verify(calls).closeSession(second);
    }
}
