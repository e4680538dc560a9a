package io.hybridwasm.spi;

import io.hybridwasm.WasmConfig;

import java.util.function.Supplier;

/**
 * What a host function knows about the instance that called it. One context per instance.
 *
 * <p>Attachments hold per-instance state (an open remote session, a stream): created on first
 * use, and closed when the instance is discarded if they are {@link AutoCloseable}. Thread-safe.
 */
public interface HostContext {

    /** Unique within the JVM, stable for the instance's life. */
    String instanceId();

    /** The configuration of the node this instance belongs to. */
    WasmConfig config();

    /** The class loader plugins were discovered in; providers use it to find further SPIs. */
    ClassLoader pluginLoader();

    /**
     * Whether the instance's module imports the function {@code module.name}: a host function
     * may adapt to what the guest declared (e.g. a newer, optional import changes what older
     * ones do). False when the runtime does not say.
     */
    default boolean imports(String module, String name) {
        return false;
    }

    /** This instance's attachment under {@code key}, created with {@code init} on first use. */
    <T> T attachment(Class<T> key, Supplier<? extends T> init);
}
