package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code static:///} targets with the default {@code round_robin} policy spread calls over replicas. */
class StaticTargetIT {

    @Test
    void hundredCallsSpreadOverBothReplicas() {
        try (TestRemoteServer a = TestRemoteServer.start("a");
             TestRemoteServer b = TestRemoteServer.start("b");
             RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                     .target("static:///127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port()).build()).build()) {
            // round_robin sends every call to the first replica that is ready until the other one
            // connects too, so the spread is judged once both have answered (within a few seconds).
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while ((a.executeCalls.get() == 0 || b.executeCalls.get() == 0) && System.nanoTime() < giveUp) {
                client.call("Echo", new byte[] {0});
            }
            assertTrue(a.executeCalls.get() > 0 && b.executeCalls.get() > 0,
                    "both replicas answer within 10 s: a " + a.executeCalls.get() + ", b " + b.executeCalls.get());
            int aBefore = a.executeCalls.get();
            int bBefore = b.executeCalls.get();
            Map<String, Integer> byServer = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                byServer.merge(client.call("Echo", new byte[] {(byte) i}).metadata().get("server"), 1, Integer::sum);
            }
            System.out.println("static target spread: " + byServer);
            int aCalls = a.executeCalls.get() - aBefore;
            int bCalls = b.executeCalls.get() - bBefore;
            assertEquals(100, aCalls + bCalls);
            assertTrue(aCalls >= 20 && bCalls >= 20, byServer.toString());
        }
    }

    @Test
    void aMalformedStaticTargetIsReportedNotThrownRaw() {
        try (RemoteExecutionClient client = RemoteExecutionClient.builder(
                RemoteConfig.builder().target("static:///nohostport").build()).build()) {
            RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call("Echo", new byte[1]));
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("nohostport"), e.getMessage());
        }
    }
}
