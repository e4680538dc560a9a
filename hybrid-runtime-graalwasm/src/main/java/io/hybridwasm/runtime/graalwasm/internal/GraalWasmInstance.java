package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostFunction;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One instance of a module in a context of its own (so it can be interrupted and discarded
 * alone), with the exports the guest ABI uses. Confined to one thread at a time: the pool
 * hands it to one caller, who {@link #enter()}s it for the duration of the call.
 */
public final class GraalWasmInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraalWasmInstance.class);

    private final LoadedModule module;
    private final Context context;
    private final BulkMemoryWriter.Feed feed;
    private final GraalWasmHostContext hostContext;
    private final HostCall hostCall;
    private final ExchangeArea exchangeArea;
    private volatile GuestMemory memory;
    private volatile Instant deadline = Instant.MAX;
    private Value exports;
    private Value alloc;
    private Value dealloc;
    private Value entry;

    private GraalWasmInstance(LoadedModule module) {
        this.module = module;
        Context.Builder builder = Context.newBuilder("wasm").engine(module.engine());
        this.feed = BulkMemoryWriter.enabled() ? new BulkMemoryWriter.Feed() : null;
        this.context = (feed != null ? BulkMemoryWriter.configure(builder, feed) : builder).build();
        this.hostContext = new GraalWasmHostContext(module.config(), module.pluginLoader(), module.imports());
        this.hostCall = new InstanceCall();
        this.exchangeArea = new ExchangeArea(this);
    }

    /** A new context for {@code module}; {@link #instantiate()} creates the instance in it. */
    public static GraalWasmInstance open(LoadedModule module) {
        return new GraalWasmInstance(module);
    }

    /**
     * Instantiates the module (running its start function, if any).
     *
     * @throws PolyglotException the engine rejected the module or the start function failed
     */
    public void instantiate() {
        Map<String, Map<String, Object>> byModule = new HashMap<>();
        for (HostFunction function : module.imports()) {
            byModule.computeIfAbsent(function.module(), m -> new HashMap<>())
                    .put(function.name(), new HostFunctionAdapter(function, () -> hostCall));
        }
        Map<String, Object> importObject = new HashMap<>();
        byModule.forEach((name, functions) -> importObject.put(name, ProxyObject.fromMap(functions)));
        Value wasmModule = context.eval(module.source());
        Value instance = wasmModule.newInstance(ProxyObject.fromMap(importObject));
        exports = instance.getMember("exports");
        Value memoryExport = exports.getMember(GuestAbi.MEMORY);
        memory = new GraalWasmMemory(memoryExport, feed != null ? new BulkMemoryWriter(context, memoryExport, feed) : null);
        alloc = exports.getMember(GuestAbi.ALLOC);
        dealloc = module.hasDealloc() ? exports.getMember(GuestAbi.DEALLOC) : null;
        entry = exports.getMember(module.config().entryFunction());
    }

    /** Calls the guest's {@code hybrid_abi_version}. */
    public int abiVersion() {
        return exports.getMember(GuestAbi.ABI_VERSION).execute().asInt();
    }

    public HostContext hostContext() {
        return hostContext;
    }

    public String id() {
        return hostContext.instanceId();
    }

    GuestMemory memory() {
        return memory;
    }

    Value alloc() {
        return alloc;
    }

    Value dealloc() {
        return dealloc;
    }

    Value entry() {
        return entry;
    }

    ExchangeArea exchangeArea() {
        return exchangeArea;
    }

    LoadedModule module() {
        return module;
    }

    /** Sets what host functions report as {@link HostCall#deadline()} for the coming call. */
    void deadline(Instant deadline) {
        this.deadline = deadline;
    }

    /** Makes the context current on this thread; pair with {@link #leave()} on the same thread. */
    public void enter() {
        context.enter();
    }

    /** Undoes {@link #enter()}; quiet when the runtime closed the context meanwhile. */
    public void leave() {
        try {
            context.leave();
        } catch (IllegalStateException e) {
            LOG.debug("leaving the context of instance {} failed", id(), e);
        }
    }

    /** Interrupts guest code running in this instance; called from the watchdog thread. */
    public void interrupt(Duration wait) throws TimeoutException {
        context.interrupt(wait);
    }

    /** Closes the context and the host context's attachments. Idempotent. */
    @Override
    public void close() {
        try {
            hostContext.close();
        } finally {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                LOG.debug("closing the context of instance {} failed", id(), e);
            }
        }
    }

    private final class InstanceCall implements HostCall {
        @Override
        public GuestMemory memory() {
            GuestMemory current = memory;
            if (current == null) {
                throw new HybridException(HostStatus.INVALID_ARGUMENT,
                        "guest memory is not available while the module's start function runs");
            }
            return current;
        }

        @Override
        public HostContext context() {
            return hostContext;
        }

        @Override
        public Instant deadline() {
            return deadline;
        }
    }
}
