package io.hybridwasm.bridge.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.GrpcBridgeProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fixture of the method-by-name tests, a class-level extension
 * ({@code @RegisterExtension static final InteropGuests interop = new InteropGuests();}): an {@link InteropServer} with reflection {@code v1}
 * and one bridge provider whose imports {@link Guest}s call, with deadlines that leave room for a
 * loaded CI machine (the first call of a test also connects and asks for the schema).
 */
public final class InteropGuests implements BeforeAllCallback, AfterAllCallback {
    /** The interop service's full name. */
    public static final String SERVICE = "grpc.testing.TestService";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private InteropServer server;
    private GrpcBridgeProvider provider;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = InteropServer.start(InteropServer.Reflection.V1);
        provider = new GrpcBridgeProvider();
    }

    /** The reflecting server every {@link #guest(String)} calls. */
    public InteropServer server() {
        return server;
    }

    /** A config for {@code target} with the fixture's deadline. */
    public static RemoteConfig.Builder remote(String target) {
        return RemoteConfig.builder().target(target).deadline(DEADLINE);
    }

    /** A guest with its own {@code config} (no call timeout added). */
    public Guest guest(String id, WasmConfig config) {
        return new Guest(id, config, provider.functions());
    }

    /** A guest calling {@code remote}, allowed {@code allowed}. */
    public Guest guest(String id, RemoteConfig remote, Set<String> allowed) {
        return guest(id, Guest.config(remote, allowed).toBuilder().callTimeout(DEADLINE).build()).callTimeout(DEADLINE);
    }

    /** A guest allowed every method of the reflecting server's {@link #SERVICE}. */
    public Guest guest(String id) {
        return guest(id, remote(server.target()).build(), Set.of(SERVICE + "/*"));
    }

    /** {@code call_remote_service} of {@code method} with {@code json}, room for a 64 KiB answer. */
    public static Guest.Answer call(Guest guest, String method, String json) {
        return guest.callRemote(method, json.getBytes(StandardCharsets.UTF_8), 64 * 1024);
    }

    /** The guest's last error detail, as JSON. */
    public static JsonObject lastError(Guest guest) {
        Guest.Answer detail = guest.lastError(4096);
        assertEquals(0, detail.status());
        return JsonParser.parseString(detail.text()).getAsJsonObject();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        provider.close();
        server.close();
    }
}
