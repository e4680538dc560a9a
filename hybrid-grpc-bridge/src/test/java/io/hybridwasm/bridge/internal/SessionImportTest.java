package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.spi.ServiceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** {@code call_remote_in_session} and the per-call opt-in, against a fake client: no network. */
class SessionImportTest {
    private static final byte[] ANSWER = "the answer is forty-two".getBytes(StandardCharsets.UTF_8);
    private static final RemoteSession FIRST = new RemoteSession("server-1", "static://r/127.0.0.1:1");
    private static final RemoteSession SECOND = new RemoteSession("server-2", "static://r/127.0.0.1:2");

    private final RemoteCalls calls = mock(RemoteCalls.class);
    private final Guest guest = new Guest("instance-1",
            Guest.config(RemoteConfig.builder().target("127.0.0.1:1").build(), Set.of("Echo", "Counter")),
            new GuestImports(context -> calls).functions());

    SessionImportTest() {
        guest.context.declareImport(GuestImports.MODULE, SessionImport.NAME);
        for (String service : Set.of("Echo", "Counter")) {
            when(calls.resolve(service)).thenReturn(Optional.of(ServiceEndpoint.of(service, "127.0.0.1:1")));
        }
        when(calls.openSession(anyString(), any())).thenReturn(FIRST, SECOND);
    }

    @AfterEach
    void close() {
        guest.close();
    }

    private static RemoteResult answer() {
        return new RemoteResult(ANSWER, PayloadEncoding.RAW, Map.of());
    }

    @Test
    void aCallInASessionNeverOpenedIsMinus11WithoutNetworkWork() {
        assertEquals(-11, guest.callInSession("conv", "Counter", new byte[1], 64).status());
        verify(calls, never()).call(any(), any());
        assertTrue(guest.lastError(1024).text().contains("no open session 'conv'"), guest.lastError(1024).text());
    }

    @Test
    void theCallGoesToItsSessionAndABigResultIsKeptForTheRetry() {
        when(calls.call(any(), eq(FIRST))).thenReturn(answer());
        assertEquals(0, guest.session("conv", 64).status());

        Guest.Answer tooSmall = guest.callInSession("conv", "Counter", new byte[1], 4);
        assertEquals(-3, tooSmall.status());
        assertEquals(ANSWER.length, tooSmall.length());
        Guest.Answer retried = guest.callInSession("conv", "Counter", new byte[1], 64);
        assertEquals(0, retried.status());
        assertArrayEquals(ANSWER, retried.bytes());
        verify(calls, times(1)).call(any(), eq(FIRST));
    }

    @Test
    void aLostSessionIsReportedOnceThenTheGuestReopensAFreshOne() {
        when(calls.call(any(), eq(FIRST))).thenThrow(new RemoteCallException(HostStatus.SESSION_EXPIRED, "restarted"));
        when(calls.call(any(), eq(SECOND))).thenReturn(answer());
        assertEquals("server-1", guest.session("conv", 64).text());

        assertEquals(-11, guest.callInSession("conv", "Counter", new byte[1], 64).status());
        assertEquals(-11, guest.callInSession("conv", "Counter", new byte[1], 64).status(), "forgotten: no reopening");
        verify(calls, times(1)).call(any(), eq(FIRST));

        assertEquals("server-2", guest.session("conv", 64).text());
        assertEquals(0, guest.callInSession("conv", "Counter", new byte[1], 64).status());
    }

    @Test
    void withTheImportDeclaredPlainCallsAndStreamsCarryNoSession() {
        when(calls.call(any())).thenReturn(answer());
        assertEquals(0, guest.session("conv", 64).status());
        assertEquals(0, guest.callRemote("Echo", new byte[1], 64).status());
        verify(calls).call(any());
        verify(calls, never()).call(any(), any());
        when(calls.openStream(eq("Echo"), any())).thenReturn(mock(RemoteStream.class));
        assertEquals(0, guest.stream("Echo", new byte[1]));
        verify(calls).openStream("Echo", Optional.empty());
    }

    @Test
    void aMethodCalledByNameCannotBeCalledInASession() {
        when(calls.resolve("pkg.Svc/M")).thenReturn(Optional.of(ServiceEndpoint.of("pkg.Svc", "127.0.0.1:1")));
        Guest method = new Guest("instance-2",
                Guest.config(RemoteConfig.builder().target("127.0.0.1:1").build(), Set.of("pkg.Svc/M")),
                new GuestImports(context -> calls).functions());
        method.context.declareImport(GuestImports.MODULE, SessionImport.NAME);
        assertEquals(0, method.session("conv", 64).status());
        assertEquals(-8, method.callInSession("conv", "pkg.Svc/M", new byte[0], 64).status());
        verify(calls, never()).call(any(), any());
        method.close();
    }
}
