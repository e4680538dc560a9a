package io.hybridwasm.examples.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.hybridwasm.examples.inventory.v1.Reservation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hybridwasm.examples.cli.ThirdPartyPluginIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hybrid run method_client.wasm --remote ... --descriptor-set ... --allow pkg.Svc/Method}
 * against a Python grpcio server with reflection off: the descriptor set is all the host knows
 * about the method.
 */
class MethodCallCliIT {
    static final String GUEST = "../wasm-src/modules/method_client.wasm";
    static final String RESERVE = "inventory.v1.Stock/Reserve";
    static final String RETRY_UNAVAILABLE = """
            {"methodConfig": [{
              "name": [{"service": "inventory.v1.Stock", "method": "Reserve"}],
              "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.01s", "maxBackoff": "0.05s",
                              "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}
            }]}
            """;

    static PythonStockServer stock;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPythonServer() throws IOException {
        stock = PythonStockServer.start();
    }

    @AfterAll
    static void stopPythonServer() throws IOException {
        stock.close();
    }

    private ThirdPartyPluginIT.Result reserve(String request, String... flags) throws IOException {
        Path input = Files.createTempFile(dir, "request", ".json");
        Files.writeString(input, "{\"method\":\"" + RESERVE + "\",\"request\":" + request + "}");
        // Generous limits: the first call of a fresh JVM loads the transcoding on a shared, busy machine.
        List<String> args = new ArrayList<>(List.of("run", GUEST, "--remote", stock.target(), "--input", input.toString(),
                "--timeout", "30s", "--deadline", "20s"));
        args.addAll(List.of(flags));
        return run(args.toArray(String[]::new));
    }

    private static String[] describedAndAllowed(String... more) {
        List<String> flags = new ArrayList<>(List.of("--descriptor-set", PythonStockServer.DESCRIPTOR_SET.toString(),
                "--allow", RESERVE));
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    private static Reservation reservation(ThirdPartyPluginIT.Result r) throws InvalidProtocolBufferException {
        assertEquals(0, r.exit(), r.err());
        Reservation.Builder b = Reservation.newBuilder();
        JsonFormat.parser().merge(r.out(), b);
        return b.build();
    }

    @Test
    void reservesThroughTheDescriptorSetWithReflectionOff() throws IOException {
        String request = "{\"sku\":\"A-1\",\"quantity\":2,\"customerId\":\"c-1\",\"labels\":{\"order\":\"o-17\"}}";
        Reservation first = reservation(reserve(request, describedAndAllowed()));
        assertEquals("A-1", first.getSku());
        assertEquals(2, first.getQuantity());
        assertEquals(Map.of("order", "o-17"), first.getLabelsMap());
        assertTrue(first.getReservationId().length() > 10, first.toString());

        Reservation second = reservation(reserve(request, describedAndAllowed()));
        assertEquals(first.getRemaining() - 2, second.getRemaining(), "the Python server keeps the stock");
        assertTrue(!first.getReservationId().equals(second.getReservationId()));
    }

    @Test
    void withoutTheDescriptorSetTheMethodIsUnknownSinceTheServerHasNoReflection() throws IOException {
        ThirdPartyPluginIT.Result r = reserve("{\"sku\":\"A-1\",\"quantity\":1}", "--allow", RESERVE);
        assertEquals(HybridCli.EXIT_HYBRID, r.exit(), r.out());
        assertTrue(r.err().contains("status -5"), r.err());
        ThirdPartyPluginIT.Result why = reserve("{\"sku\":\"A-1\",\"quantity\":1}", "--allow", RESERVE,
                "--function", "process_reporting_errors");
        assertTrue(why.out().startsWith("{\"error\":{\"status\":-5,") && why.out().contains("reflection"), why.out());
    }

    @Test
    void requestsThatDoNotFitAndMethodsNotAllowedFailWithTheirStatus() throws IOException {
        ThirdPartyPluginIT.Result misspelled = reserve("{\"skuu\":\"A-1\",\"quantity\":1}", describedAndAllowed());
        assertEquals(HybridCli.EXIT_HYBRID, misspelled.exit(), misspelled.out());
        assertTrue(misspelled.err().contains("status -8"), misspelled.err());
        ThirdPartyPluginIT.Result explained = reserve("{\"skuu\":\"A-1\",\"quantity\":1}",
                describedAndAllowed("--function", "process_reporting_errors"));
        assertEquals(0, explained.exit(), explained.err());
        assertTrue(explained.out().startsWith("{\"error\":{\"status\":-8,") && explained.out().contains("skuu"),
                "the guest reads which field did not fit: " + explained.out());

        ThirdPartyPluginIT.Result notAllowed = reserve("{\"sku\":\"A-1\",\"quantity\":1}",
                "--descriptor-set", PythonStockServer.DESCRIPTOR_SET.toString(), "--allow", "inventory.v1.Stock/Audit");
        assertEquals(HybridCli.EXIT_HYBRID, notAllowed.exit(), notAllowed.out());
        assertTrue(notAllowed.err().contains("status -4"), notAllowed.err());

        ThirdPartyPluginIT.Result wildcard = reserve("{\"sku\":\"A-1\",\"quantity\":1}",
                "--descriptor-set", PythonStockServer.DESCRIPTOR_SET.toString(), "--allow", "inventory.v1.Stock/*");
        assertEquals(0, wildcard.exit(), wildcard.err());

        ThirdPartyPluginIT.Result soldOut = reserve("{\"sku\":\"B-2\",\"quantity\":1}", describedAndAllowed());
        assertEquals(HybridCli.EXIT_HYBRID, soldOut.exit(), soldOut.out());
        assertTrue(soldOut.err().contains("status -9"), "FAILED_PRECONDITION is the remote's error: " + soldOut.err());
        ThirdPartyPluginIT.Result unknownSku = reserve("{\"sku\":\"Z-9\",\"quantity\":1}",
                describedAndAllowed("--function", "process_reporting_errors"));
        assertEquals(0, unknownSku.exit(), unknownSku.err());
        assertTrue(unknownSku.out().startsWith("{\"error\":{\"status\":-9,")
                        && unknownSku.out().contains("\"grpc_status\":\"NOT_FOUND\",\"grpc_code\":5,\"grpc_description\":\"unknown sku 'Z-9'\""),
                "the Python server's status and description reach the guest: " + unknownSku.out());
    }

    @Test
    void aRetryPolicyFromTheServiceConfigRetriesUnavailable() throws IOException {
        ThirdPartyPluginIT.Result once = reserve("{\"sku\":\"FLAKY\",\"quantity\":1,\"customerId\":\"no-policy\"}",
                describedAndAllowed());
        assertEquals(HybridCli.EXIT_HYBRID, once.exit(), once.out());
        assertTrue(once.err().contains("status -2"), "UNAVAILABLE without a retry policy: " + once.err());

        Path config = Files.writeString(dir.resolve("service-config.json"), RETRY_UNAVAILABLE);
        Reservation retried = reservation(reserve("{\"sku\":\"FLAKY\",\"quantity\":1,\"customerId\":\"with-policy\"}",
                describedAndAllowed("--service-config", config.toString())));
        assertEquals("FLAKY", retried.getSku(), "the server fails the first two attempts; the third succeeds");
    }

    @Test
    void flagErrorsNameTheFlagAndTheFile() throws IOException {
        Path missing = dir.resolve("missing.pb");
        ThirdPartyPluginIT.Result noFile = reserve("{}", "--descriptor-set", missing.toString(), "--allow", RESERVE);
        assertEquals(HybridCli.EXIT_USAGE, noFile.exit());
        assertEquals("hybrid: --descriptor-set " + missing + ": no such file", noFile.err().strip());

        Path json = Files.writeString(dir.resolve("stock.json"), "not a descriptor set");
        ThirdPartyPluginIT.Result notASet = reserve("{}", "--descriptor-set", json.toString(), "--allow", RESERVE);
        assertEquals(HybridCli.EXIT_USAGE, notASet.exit());
        assertTrue(notASet.err().startsWith("hybrid: --descriptor-set " + json + ": not a protobuf descriptor set"),
                notASet.err());

        ThirdPartyPluginIT.Result noConfig = reserve("{}", describedAndAllowed("--service-config", missing.toString()));
        assertEquals(HybridCli.EXIT_USAGE, noConfig.exit());
        assertEquals("hybrid: --service-config " + missing + ": no such file", noConfig.err().strip());

        Path badConfig = Files.writeString(dir.resolve("bad-config.json"), "{\"methodConfig\": 5}");
        ThirdPartyPluginIT.Result rejected = reserve("{}", describedAndAllowed("--service-config", badConfig.toString()));
        assertEquals(HybridCli.EXIT_HYBRID, rejected.exit());
        assertEquals(1, rejected.err().strip().lines().count(), rejected.err());
        assertTrue(rejected.err().contains("service config") && rejected.err().contains("methodConfig"), rejected.err());
    }
}
