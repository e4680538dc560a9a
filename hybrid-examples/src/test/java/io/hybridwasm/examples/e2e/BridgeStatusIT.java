package io.hybridwasm.examples.e2e;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.patterns;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a remote call from a guest can fail, and the ABI status the guest sees for it. */
class BridgeStatusIT extends LoopbackServerAndRuntime {
    private static int statusOf(WasmNode node, byte[] in) {
        return assertThrows(GuestStatusException.class, () -> node.process(in)).code();
    }

    @Test
    void unknownServiceIsMinusFive() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "NoSuchService").build())) {
            assertEquals(-5, statusOf(node, input(new byte[4], "NoSuchService")));
        }
    }

    @Test
    void noTargetMeansNoResolverKnowsTheService() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "Echo").remote(RemoteConfig.NONE).build())) {
            assertEquals(-5, statusOf(node, input(new byte[4], "Echo")));
        }
    }

    @Test
    void serviceOffTheAllowlistIsMinusFourAndNeverReachesTheServer() {
        long before = server.stats().executeCalls("Echo");
        try (WasmNode node = runtime.load(patterns("call_service", target, "VoiceActivityDetector").build())) {
            assertEquals(-4, statusOf(node, input(new byte[4], "Echo")));
        }
        try (WasmNode denyAll = runtime.load(patterns("call_service", target).build())) {
            assertEquals(-4, statusOf(denyAll, input(new byte[4], "Echo")));
        }
        assertEquals(before, server.stats().executeCalls("Echo"));
    }

    @Test
    void serverDownIsANetworkStatusWithinTheDeadline() {
        Duration deadline = Duration.ofSeconds(1);
        try (WasmNode node = runtime.load(patterns("call_service", "127.0.0.1:" + FreePorts.closed(), "Echo")
                .remote(RemoteConfig.builder().target("127.0.0.1:" + FreePorts.closed()).deadline(deadline).build()).build())) {
            long start = System.nanoTime();
            int status = statusOf(node, input(new byte[4], "Echo"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(-1, status, "connection refused: NETWORK_ERROR");
            assertTrue(took.compareTo(deadline.multipliedBy(2)) < 0, "took " + took);
        }
    }

    @Test
    void slowServiceIsMinusSix() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "Sleep")
                .remote(RemoteConfig.builder().target(target).deadline(Duration.ofMillis(300)).build()).build())) {
            long start = System.nanoTime();
            assertEquals(-6, statusOf(node, input("2000".getBytes(StandardCharsets.US_ASCII), "Sleep")));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500);
        }
    }

    @Test
    void remoteFailureIsMinusNine() {
        try (WasmNode node = runtime.load(patterns("call_service", target, "Fail").build())) {
            assertEquals(-9, statusOf(node, input(new byte[1], "Fail")));
        }
    }

    @Test
    void oversizedPayloadIsMinusTenBeforeAnythingIsSent() {
        try (WasmNode node = runtime.load(patterns("call_service_repeated", target, "Echo").maxMessageSize(64 * 1024).build())) {
            long before = server.stats().executeCalls("Echo");
            assertEquals(-10, statusOf(node, input(new byte[1024], "Echo", "65")), "65 KiB payload, 64 KiB limit");
            assertEquals(before, server.stats().executeCalls("Echo"));
            assertEquals("65536", text(node.process(input(new byte[1024], "Echo", "64"))), "exactly the limit is allowed");
        }
    }

    @Test
    void hostilePointersAndNamesAreMinusEight() {
        try (WasmNode pointer = runtime.load(patterns("bad_pointer", target, "Echo").build());
             WasmNode utf8 = runtime.load(patterns("bad_utf8", target, "Echo").build())) {
            assertEquals("-8", text(pointer.process(new byte[0])));
            assertEquals("-8", text(utf8.process(new byte[0])));
            assertEquals("-8", text(pointer.process(new byte[0])), "the instance survives hostile calls");
        }
    }
}
