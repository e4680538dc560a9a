package io.hybridwasm.bridge;

import io.hybridwasm.RemoteConfig;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code env.call_remote_batch} of {@link GrpcBridgeProvider} against the project's real server,
 * without WebAssembly: the entries go out through the pooled channel and come back in order.
 */
class BatchImportIT {
    private static HybridServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HybridServer.builder().port(0).workerThreads(16).diagnostics(true).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    @Test
    void sleepsAndEchoesComeBackInRequestOrder() {
        RemoteConfig remote = RemoteConfig.builder().target("127.0.0.1:" + server.port()).build();
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("batch", Guest.config(remote, Set.of("Echo", "Sleep")), provider.functions())) {
            String[][] entries = {{"Sleep", "50"}, {"Echo", "hello"}, {"Sleep", "20"}, {"Secret", "x"}};
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            requests.writeBytes(le(entries.length));
            for (String[] e : entries) {
                byte[] name = e[0].getBytes(StandardCharsets.UTF_8);
                byte[] data = e[1].getBytes(StandardCharsets.UTF_8);
                requests.writeBytes(le(name.length));
                requests.writeBytes(name);
                requests.writeBytes(le(data.length));
                requests.writeBytes(data);
                requests.writeBytes(le(16));
            }
            byte[] bytes = requests.toByteArray();
            int req = guest.memory.put(bytes);
            int out = guest.memory.alloc(4 * 24);
            int len = guest.memory.lengthSlot(4 * 24);
            assertEquals(0, guest.invoke("call_remote_batch", req, bytes.length, out, len));
            ByteBuffer results = ByteBuffer.wrap(guest.memory.read(out, guest.memory.readInt(len)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            StringBuilder seen = new StringBuilder();
            while (results.hasRemaining()) {
                int status = results.getInt();
                byte[] answer = new byte[status == 0 ? results.getInt() : results.getInt() * 0];
                results.get(answer);
                seen.append(status).append(':').append(new String(answer, StandardCharsets.UTF_8)).append(' ');
            }
            assertEquals("0:50 0:hello 0:20 -4: ", seen.toString());
        }
    }
}
