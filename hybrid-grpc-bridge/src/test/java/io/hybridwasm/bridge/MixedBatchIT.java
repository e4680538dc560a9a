package io.hybridwasm.bridge;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code env.call_remote_batch} mixing what a single call can reach: a {@code hybrid.v1}
 * service, gRPC methods by name (JSON in and out, schema by server reflection) on the same real
 * {@link HybridServer}, and names the module may not call or the server does not have. Each entry
 * answers exactly as {@code call_remote_service} would, and {@code last_error} afterwards holds the
 * detail of the last failed entry in request order.
 */
class MixedBatchIT {
    private static final String CHECK = "grpc.health.v1.Health/Check";

    private static HybridServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HybridServer.builder().port(0).workerThreads(8).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Entry(int status, String text) {
    }

    private static Guest guest(String id, GrpcBridgeProvider provider) {
        RemoteConfig remote = RemoteConfig.builder().target("127.0.0.1:" + server.port())
                .deadline(Duration.ofSeconds(10)).build();
        return new Guest(id, Guest.config(remote, Set.of("Echo", "grpc.health.v1.Health/*"))
                .toBuilder().callTimeout(Duration.ofSeconds(10)).build(), provider.functions())
                .callTimeout(Duration.ofSeconds(10));
    }

    /** Runs {@code entries} ({name, data} pairs, 4096 bytes of result room each) as one batch. */
    private static List<Entry> batch(Guest guest, String[][] entries) {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        requests.writeBytes(le(entries.length));
        for (String[] e : entries) {
            for (String part : e) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                requests.writeBytes(le(bytes.length));
                requests.writeBytes(bytes);
            }
            requests.writeBytes(le(4096));
        }
        byte[] bytes = requests.toByteArray();
        int room = entries.length * (8 + 4096);
        int req = guest.memory.put(bytes);
        int out = guest.memory.alloc(room);
        int len = guest.memory.lengthSlot(room);
        assertEquals(0, guest.invoke("call_remote_batch", req, bytes.length, out, len));
        ByteBuffer results = ByteBuffer.wrap(guest.memory.read(out, guest.memory.readInt(len))).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> answers = new ArrayList<>();
        while (results.hasRemaining()) {
            int status = results.getInt();
            int length = results.getInt();
            byte[] answer = new byte[status == 0 ? length : 0];
            results.get(answer);
            answers.add(new Entry(status, new String(answer, StandardCharsets.UTF_8)));
        }
        return answers;
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static JsonObject lastError(Guest guest) {
        Guest.Answer detail = guest.lastError(4096);
        assertEquals(0, detail.status());
        return JsonParser.parseString(detail.text()).getAsJsonObject();
    }

    @Test
    void methodNamesHybridServicesAndRefusedEntriesEachAnswerAsASingleCallWould() {
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider(); Guest guest = guest("mixed", provider)) {
            List<Entry> answers = batch(guest, new String[][] {
                    {CHECK, "{}"},
                    {"Echo", "plain bytes"},
                    {"grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "{}"},
                    {CHECK, "{\"servise\":\"x\"}"},
                    {"grpc.health.v1.Health/Nope", "{}"},
                    {CHECK, "{\"service\":\"\"}"}});

            assertEquals(new Entry(0, "{\"status\":\"SERVING\"}"), answers.get(0), "method by name, JSON in and out");
            assertEquals(new Entry(0, "plain bytes"), answers.get(1), "hybrid.v1 Echo");
            assertEquals(new Entry(-4, ""), answers.get(2), "not on the allowlist");
            assertEquals(new Entry(-8, ""), answers.get(3), "misspelled field");
            assertEquals(new Entry(-5, ""), answers.get(4), "no such method");
            assertEquals(answers.get(0), answers.get(5), "the same method again, same answer");

            JsonObject detail = lastError(guest);
            assertEquals(-5, detail.get("status").getAsInt(), detail.toString());
            assertTrue(detail.get("message").getAsString().contains("no method 'Nope'"), detail.toString());
        }
    }

    @Test
    void aBatchRecordsItsLastFailedEntryInRequestOrderWhateverFinishesLast() {
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider(); Guest guest = guest("order", provider)) {
            // The refused entry fails at once, before the misspelled one has even fetched its schema.
            List<Entry> answers = batch(guest, new String[][] {
                    {CHECK, "{\"servise\":\"x\"}"},
                    {"Secret", "x"}});
            assertEquals(List.of(-8, -4), answers.stream().map(Entry::status).toList());
            JsonObject detail = lastError(guest);
            assertEquals(-4, detail.get("status").getAsInt(), detail.toString());
            assertTrue(detail.get("message").getAsString().contains("'Secret'"), detail.toString());

            assertEquals(List.of(0, -8), batch(guest, new String[][] {{"Echo", "x"}, {CHECK, "{\"servise\":\"x\"}"}})
                    .stream().map(Entry::status).toList());
            detail = lastError(guest);
            assertEquals(-8, detail.get("status").getAsInt(), detail.toString());
            assertTrue(detail.get("message").getAsString().contains("servise"), detail.toString());
        }
    }
}
