package io.hybridwasm.bridge.testing;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.HostFunction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Plays a guest instance without WebAssembly: one memory, one context, and the ABI imports called
 * as the runtime would call them.
 */
public final class Guest implements AutoCloseable {
    public final ByteArrayGuestMemory memory = new ByteArrayGuestMemory(1 << 20);
    public final FakeHostContext context;
    private final List<HostFunction> functions;
    private Duration callTimeout = Duration.ofSeconds(5);

    public Guest(String instanceId, WasmConfig config, List<HostFunction> functions) {
        this.context = new FakeHostContext(instanceId, config);
        this.functions = functions;
    }

    /** A config allowing {@code allowed}, reaching {@code remote}. */
    public static WasmConfig config(RemoteConfig remote, Set<String> allowed) {
        return WasmConfig.builder(ModuleSource.of("test", new byte[0])).remote(remote).allowedServices(allowed).build();
    }

    /** How long each host call may take (its {@link HostCall#deadline()}). */
    public Guest callTimeout(Duration timeout) {
        this.callTimeout = timeout;
        return this;
    }

    /** Calls the import {@code name} with raw {@code i32} arguments. */
    public int invoke(String name, int... args) {
        HostFunction function = functions.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        long[] longs = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            longs[i] = args[i];
        }
        Instant deadline = Instant.now().plus(callTimeout);
        HostCall call = new HostCall() {
            @Override
            public GuestMemory memory() {
                return memory;
            }

            @Override
            public HostContext context() {
                return context;
            }

            @Override
            public Instant deadline() {
                return deadline;
            }
        };
        return (int) function.body().apply(call, longs)[0];
    }

    /** {@code call_remote_service} with fresh buffers; the answer is in {@link Answer}. */
    public Answer callRemote(String service, byte[] data, int capacity) {
        int servicePtr = memory.putUtf8(service);
        int dataPtr = memory.put(data);
        int resultPtr = memory.alloc(Math.max(capacity, 1));
        int lenPtr = memory.lengthSlot(capacity);
        int status = invoke("call_remote_service", servicePtr, utf8Length(service), dataPtr, data.length, resultPtr, lenPtr);
        return new Answer(status, memory, resultPtr, memory.readInt(lenPtr));
    }

    /** {@code call_remote_in_session} with fresh buffers. */
    public Answer callInSession(String localId, String service, byte[] data, int capacity) {
        int idPtr = memory.putUtf8(localId);
        int servicePtr = memory.putUtf8(service);
        int dataPtr = memory.put(data);
        int resultPtr = memory.alloc(Math.max(capacity, 1));
        int lenPtr = memory.lengthSlot(capacity);
        int status = invoke("call_remote_in_session", idPtr, utf8Length(localId), servicePtr, utf8Length(service),
                dataPtr, data.length, resultPtr, lenPtr);
        return new Answer(status, memory, resultPtr, memory.readInt(lenPtr));
    }

    /** {@code stream_to_remote}. */
    public int stream(String service, byte[] data) {
        int servicePtr = memory.putUtf8(service);
        int dataPtr = memory.put(data);
        return invoke("stream_to_remote", servicePtr, utf8Length(service), dataPtr, data.length);
    }

    /** {@code get_remote_session} with a fresh buffer of {@code capacity} bytes. */
    public Answer session(String localId, int capacity) {
        int idPtr = memory.putUtf8(localId);
        int outPtr = memory.alloc(Math.max(capacity, 1));
        int lenPtr = memory.lengthSlot(capacity);
        int status = invoke("get_remote_session", idPtr, utf8Length(localId), outPtr, lenPtr);
        return new Answer(status, memory, outPtr, memory.readInt(lenPtr));
    }

    /** {@code last_error} with a fresh buffer of {@code capacity} bytes. */
    public Answer lastError(int capacity) {
        int outPtr = memory.alloc(Math.max(capacity, 1));
        int lenPtr = memory.lengthSlot(capacity);
        int status = invoke("last_error", outPtr, lenPtr);
        return new Answer(status, memory, outPtr, memory.readInt(lenPtr));
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        context.close();
    }

    /** A status and what the length slot says afterwards. */
    public record Answer(int status, ByteArrayGuestMemory memory, int pointer, int length) {
        public byte[] bytes() {
            return memory.read(pointer, length);
        }

        public String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
