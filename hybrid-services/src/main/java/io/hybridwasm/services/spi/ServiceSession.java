package io.hybridwasm.services.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one service keeps for one caller's session across calls, e.g. the noise-floor
 * estimate of a voice activity detector fed one chunk at a time.
 *
 * <p>A session opened with {@code OpenSession} gives each service its own
 * {@code ServiceSession} (same {@link #id()}, separate state), so services never see one
 * another's keys. The server drops the state when the session is closed or expires; values
 * that implement {@link AutoCloseable} are closed then.
 *
 * <p>This is a class rather than a record because it is mutable state with an identity, not a
 * value. <b>Thread-safe:</b> two calls in the same session may run at the same time, so
 * values kept here must themselves be thread-safe or be used under their own lock.
 */
public final class ServiceSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSession.class);

    private final String id;
    private final ConcurrentMap<String, Object> state = new ConcurrentHashMap<>();

    /**
     * Creates an empty session. The server does this; services and tests may too.
     *
     * @param id the server's session id
     */
    public ServiceSession(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /** The server's id for the session. */
    public String id() {
        return id;
    }

    /**
     * The value kept under {@code key}, created with {@code init} on first use. Atomic: when
     * two calls race, {@code init} runs once and both get the same value.
     *
     * @param key the name of the value, unique within this service
     * @param type the value's type
     * @param init creates the first value; must not return {@code null}
     * @throws ClassCastException when the value under {@code key} is not a {@code type}
     */
    public <T> T state(String key, Class<T> type, Supplier<? extends T> init) {
        Objects.requireNonNull(init, "init");
        Object value = state.computeIfAbsent(Objects.requireNonNull(key, "key"),
                k -> Objects.requireNonNull(init.get(), "init returned null"));
        return type.cast(value);
    }

    /** Whether a value is kept under {@code key}. */
    public boolean contains(String key) {
        return state.containsKey(key);
    }

    /** Drops the value under {@code key}, if any, and returns it (not closed). */
    public Object remove(String key) {
        return state.remove(key);
    }

    /**
     * Drops all state, closing {@link AutoCloseable} values (failures are logged, not
     * thrown). The server calls this when the session ends.
     */
    @Override
    public void close() {
        List<Object> values = new ArrayList<>(state.values());
        state.clear();
        for (Object value : values) {
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Closing state of session {} failed", id, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ServiceSession[id=" + id + ", keys=" + state.keySet() + "]";
    }
}
