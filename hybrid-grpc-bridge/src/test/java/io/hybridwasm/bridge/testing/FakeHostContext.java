package io.hybridwasm.bridge.testing;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A guest instance's context for tests; {@link #close()} closes attachments like the runtime does. */
public final class FakeHostContext implements HostContext, AutoCloseable {
    private final String instanceId;
    private final WasmConfig config;
    private final ConcurrentHashMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final Set<String> imports = ConcurrentHashMap.newKeySet();

    public FakeHostContext(String instanceId, WasmConfig config) {
        this.instanceId = instanceId;
        this.config = config;
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
        return FakeHostContext.class.getClassLoader();
    }

    /** Makes {@link #imports} say the module imports {@code module.name}. */
    public FakeHostContext declareImport(String module, String name) {
        imports.add(module + "." + name);
        return this;
    }

    @Override
    public boolean imports(String module, String name) {
        return imports.contains(module + "." + name);
    }

    @Override
    public <T> T attachment(Class<T> key, Supplier<? extends T> init) {
        return key.cast(attachments.computeIfAbsent(key, k -> init.get()));
    }

    /** The attachment under {@code key}, or null. */
    public <T> T attachment(Class<T> key) {
        return key.cast(attachments.get(key));
    }

    @Override
    public void close() {
        List<Object> all = new ArrayList<>(attachments.values());
        attachments.clear();
        for (Object attachment : all) {
            if (attachment instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("attachment failed to close", e);
                }
            }
        }
    }
}
