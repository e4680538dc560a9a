package io.hybridwasm.examples.e2e;

import io.hybridwasm.Hybrid;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.bridge.RemoteExecutionClient;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.Test;

import static io.hybridwasm.examples.e2e.Guests.input;
import static io.hybridwasm.examples.e2e.Guests.patterns;
import static io.hybridwasm.examples.e2e.Guests.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A wasm guest and a plain Java client calling the same service with the same input see the same bytes. */
class ParityIT {

    @Test
    void guestAndJavaClientGetIdenticalResults() throws Exception {
        try (HybridServer server = HybridServer.builder().port(0).build().start();
             WasmRuntime runtime = Hybrid.newRuntime()) {
            String target = "127.0.0.1:" + server.port();
            try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder().target(target).build()).build();
                 WasmNode node = runtime.load(patterns("call_service", target, "VoiceActivityDetector", "Echo").build())) {
                for (TestSignal signal : TestSignal.values()) {
                    byte[] pcm = signal.pcm(1, 5);
                    String fromJava = text(client.call("VoiceActivityDetector", pcm).bytes());
                    String fromWasm = text(node.process(input(pcm, "VoiceActivityDetector")));
                    assertTrue(fromJava.startsWith("{\"is_speech\":"), fromJava);
                    assertEquals(fromJava, fromWasm, signal.name());
                }
                byte[] bytes = "same bytes either way".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(text(client.call("Echo", bytes).bytes()), text(node.process(input(bytes, "Echo"))));
            }
        }
    }
}
