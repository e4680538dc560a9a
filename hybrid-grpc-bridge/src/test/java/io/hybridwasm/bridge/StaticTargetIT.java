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
            Map<String, Integer> byServer = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                byServer.merge(client.call("Echo", new byte[] {(byte) i}).metadata().get("server"), 1, Integer::sum);
            }
            System.out.println("static target spread: " + byServer);
            assertEquals(100, a.executeCalls.get() + b.executeCalls.get());
            assertTrue(a.executeCalls.get() >= 20 && b.executeCalls.get() >= 20, byServer.toString());
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
