package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.HostFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** One instance's {@link HostContext}; {@link #close()} closes its closeable attachments. */
final class GraalWasmHostContext implements HostContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraalWasmHostContext.class);
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final String instanceId;
    private final WasmConfig config;
    private final ClassLoader pluginLoader;
    /** Import names by import module: asked on every host call, so no name is concatenated for it. */
    private final Map<String, Set<String>> imports;
    private final ConcurrentHashMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private volatile boolean closed;

    GraalWasmHostContext(WasmConfig config, ClassLoader pluginLoader, List<HostFunction> imports) {
        this.instanceId = "graalwasm-" + NEXT_ID.incrementAndGet();
        this.config = config;
        this.pluginLoader = pluginLoader;
        this.imports = imports.stream().collect(Collectors.groupingBy(HostFunction::module,
                Collectors.mapping(HostFunction::name, Collectors.toUnmodifiableSet())));
    }

    @Override
    public boolean imports(String module, String name) {
        Set<String> names = imports.get(module);
        return names != null && names.contains(name);
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public WasmConfig config() {
        return config;
    }

    @Override
    public ClassLoader pluginLoader() {
        return pluginLoader;
    }

    @Override
    public <T> T attachment(Class<T> key, Supplier<? extends T> init) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(init, "init");
        if (closed) {
            throw new IllegalStateException("instance " + instanceId + " is discarded");
        }
        Object present = attachments.get(key); // every host call asks: a plain read once it exists
        return key.cast(present != null ? present
                : attachments.computeIfAbsent(key, k -> Objects.requireNonNull(init.get(), "attachment")));
    }

    @Override
    public void close() {
        closed = true;
        List<Object> values = new ArrayList<>(attachments.values());
        attachments.clear();
        for (Object value : values) {
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing an attachment of instance {} failed", instanceId, e);
                }
            }
        }
    }
}
