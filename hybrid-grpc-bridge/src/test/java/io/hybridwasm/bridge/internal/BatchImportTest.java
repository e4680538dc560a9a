package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.spi.ServiceEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** {@code call_remote_batch} against a byte-array memory and a fake client: no network anywhere. */
class BatchImportTest {
    private final RemoteCalls calls = mock(RemoteCalls.class);
    private Guest guest = guest(WasmConfig.DEFAULT_MAX_MESSAGE_SIZE);

    private Guest guest(int maxMessageSize) {
        WasmConfig config = Guest.config(RemoteConfig.builder().target("127.0.0.1:1").build(), Set.of("Echo", "Nope"))
                .toBuilder().maxMessageSize(maxMessageSize).build();
        return new Guest("instance-1", config, BatchImport.appendTo(new GuestImports(context -> calls)));
    }

    @AfterEach
    void closeGuest() {
        guest.close();
    }

    private void echoes() {
        when(calls.resolve("Echo")).thenReturn(Optional.of(ServiceEndpoint.of("Echo", "127.0.0.1:1")));
        when(calls.call(any())).thenAnswer(i -> result(((RemoteRequest) i.getArgument(0)).payload()));
    }

    private static RemoteResult result(byte[] bytes) {
        return new RemoteResult(bytes, PayloadEncoding.RAW, Map.of());
    }

    record Req(byte[] name, byte[] data, int capacity) {
        Req(String name, String data, int capacity) {
            this(name.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8), capacity);
        }
    }

    record Res(int status, int length, String text) {
    }

    private static byte[] requests(List<Req> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(entries.size()));
        for (Req r : entries) {
            out.writeBytes(le(r.name().length));
            out.writeBytes(r.name());
            out.writeBytes(le(r.data().length));
            out.writeBytes(r.data());
            out.writeBytes(le(r.capacity()));
        }
        return out.toByteArray();
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** Runs a batch with a results buffer of {@code capacity}; returns the import's status and the parsed results. */
    private Batch batch(byte[] requests, int capacity) {
        int req = guest.memory.put(requests);
        int out = guest.memory.alloc(Math.max(capacity, 1));
        int len = guest.memory.lengthSlot(capacity);
        int status = guest.invoke("call_remote_batch", req, requests.length, out, len);
        int written = guest.memory.readInt(len);
        List<Res> results = new ArrayList<>();
        if (status == 0) {
            ByteBuffer in = ByteBuffer.wrap(guest.memory.read(out, written)).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) {
                int s = in.getInt();
                int n = in.getInt();
                byte[] bytes = new byte[s == 0 ? n : 0];
                in.get(bytes);
                results.add(new Res(s, n, new String(bytes, StandardCharsets.UTF_8)));
            }
        }
        return new Batch(status, written, results);
    }

    record Batch(int status, int length, List<Res> results) {
    }

    @Test
    void everyEntryGetsItsOwnStatusAndResultInRequestOrder() {
        echoes();
        byte[] badName = {'E', (byte) 0xC3, 0x28};
        Batch b = batch(requests(List.of(
                new Req("Echo", "first", 64),
                new Req("Secret", "x", 64),
                new Req(badName, new byte[1], 64),
                new Req("Nope", "x", 64),
                new Req("Echo", "too long for four", 4),
                new Req("Echo", "", 0))), 1024);
        assertEquals(0, b.status());
        assertEquals(List.of(
                new Res(0, 5, "first"),
                new Res(-4, 0, ""),
                new Res(-8, 0, ""),
                new Res(-5, 0, ""),
                new Res(-3, 17, ""),
                new Res(0, 0, "")), b.results());
    }

    @Test
    void entriesAreInFlightAtTheSameTime() {
        int entries = 8;
        CountDownLatch allStarted = new CountDownLatch(entries);
        when(calls.resolve("Echo")).thenReturn(Optional.of(ServiceEndpoint.of("Echo", "127.0.0.1:1")));
        when(calls.call(any())).thenAnswer(i -> {
            allStarted.countDown();
            // Sequential calls would never get past here: each waits for all the others to start.
            boolean together = allStarted.await(10, TimeUnit.SECONDS);
            return result(together ? "together".getBytes(StandardCharsets.UTF_8) : new byte[0]);
        });
        List<Req> reqs = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            reqs.add(new Req("Echo", "x", 16));
        }
        Batch b = batch(requests(reqs), 1024);
        assertEquals(0, b.status());
        assertEquals(entries, b.results().size());
        b.results().forEach(r -> assertEquals(new Res(0, 8, "together"), r));
    }

    @Test
    void aRemoteFailureStaysWithItsEntry() {
        when(calls.resolve("Echo")).thenReturn(Optional.of(ServiceEndpoint.of("Echo", "127.0.0.1:1")));
        when(calls.call(any())).thenAnswer(i -> {
            byte[] payload = ((RemoteRequest) i.getArgument(0)).payload();
            if (payload.length == 0) {
                throw new RemoteCallException(HostStatus.REMOTE_ERROR, "boom");
            }
            return result(payload);
        });
        Batch b = batch(requests(List.of(new Req("Echo", "", 8), new Req("Echo", "ok", 8))), 64);
        assertEquals(List.of(new Res(-9, 0, ""), new Res(0, 2, "ok")), b.results());
    }

    @Test
    void tooManyEntriesOrTooManyBytesAreRefusedBeforeAnythingIsSent() {
        echoes();
        List<Req> many = new ArrayList<>();
        for (int i = 0; i <= BatchImport.MAX_ENTRIES; i++) {
            many.add(new Req("Echo", "x", 1));
        }
        assertEquals(-10, batch(requests(many), 1 << 16).status());
        guest.close();
        guest = guest(100);
        assertEquals(-10, batch(requests(List.of(new Req("Echo", "a".repeat(60), 1), new Req("Echo", "b".repeat(41), 1))),
                1024).status());
        verify(calls, never()).call(any());
    }

    @Test
    void aResultsBufferWithoutRoomForEveryEntryIsTooSmallAndSaysHowMuchIsNeeded() {
        echoes();
        byte[] reqs = requests(List.of(new Req("Echo", "a", 10), new Req("Echo", "b", 20)));
        Batch b = batch(reqs, 45);
        assertEquals(-3, b.status());
        assertEquals(8 + 10 + 8 + 20, b.length());
        verifyNoInteractions(calls);
        assertEquals(List.of(new Res(0, 1, "a"), new Res(0, 1, "b")), batch(reqs, 46).results());
    }

    @Test
    void malformedRequestsAndPointersOutsideMemoryAreInvalidArguments() {
        byte[] good = requests(List.of(new Req("Echo", "a", 10)));
        assertEquals(-8, batch(java.util.Arrays.copyOf(good, good.length - 1), 64).status());
        assertEquals(-8, batch(java.util.Arrays.copyOf(good, good.length + 1), 64).status());
        assertEquals(-8, batch(new byte[] {1, 0}, 64).status());
        int outside = (int) guest.memory.size() - 2;
        int req = guest.memory.put(good);
        int out = guest.memory.alloc(64);
        int len = guest.memory.lengthSlot(64);
        assertEquals(-8, guest.invoke("call_remote_batch", outside, good.length, out, len));
        assertEquals(-8, guest.invoke("call_remote_batch", req, good.length, outside, len));
        assertEquals(-8, guest.invoke("call_remote_batch", req, good.length, out, outside));
        verifyNoInteractions(calls);
    }

    @Test
    void anEmptyBatchAnswersNothing() {
        Batch b = batch(requests(List.of()), 0);
        assertEquals(new Batch(0, 0, List.of()), b);
        assertArrayEquals(new byte[0], BatchLayout.encode(List.of()));
        assertTrue(BatchLayout.parse(requests(List.of()), 1).isEmpty());
        verifyNoInteractions(calls);
    }
}
