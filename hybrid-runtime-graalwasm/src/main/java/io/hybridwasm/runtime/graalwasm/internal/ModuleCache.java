package io.hybridwasm.runtime.graalwasm.internal;

import org.graalvm.polyglot.Source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The modules a runtime holds, keyed by the SHA-256 of their bytes and the memory cap: a second
 * node of the same module reuses the first one's parse ({@link WasmModuleInfo}) and its
 * {@link Source}. Handing the engine the very same cached {@code Source} is what lets Truffle
 * reuse the parsed module and its compiled code in every context of the engine; a fresh
 * {@code Source} per node (named after each file, say) would be parsed again.
 *
 * <p>An entry lives while a node uses it: {@link #acquire} counts users, {@link #release}
 * drops the entry with its last user. Thread-safe.
 */
public final class ModuleCache {
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    /** A parsed, memory-capped module. */
    public record Parsed(WasmModuleInfo info, Source source) {
    }

    private record Key(String sha256, int memoryLimitPages) {
    }

    private static final class Entry {
        final Parsed parsed;
        int users;

        Entry(Parsed parsed) {
            this.parsed = parsed;
        }
    }

    /** One node's use of a cached module; {@link #release} it when the node closes. */
    public final class Lease {
        private final Parsed parsed;
        private final Key key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Parsed parsed, Key key) {
            this.parsed = parsed;
            this.key = key;
        }

        public Parsed parsed() {
            return parsed;
        }

        /** Ends this use; the module's last use drops it from the cache. Idempotent. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                entries.computeIfPresent(key, (k, e) -> --e.users <= 0 ? null : e);
            }
        }
    }

    /**
     * The cached module for {@code binary} under {@code memoryLimitPages}, parsed with
     * {@code parse} when no node holds it yet.
     */
    public Lease acquire(byte[] binary, int memoryLimitPages, Supplier<Parsed> parse) {
        Key key = new Key(sha256(binary), memoryLimitPages);
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry e = existing;
            if (e == null) {
                e = new Entry(parse.get());
                parses.incrementAndGet();
            }
            e.users++;
            return e;
        });
        return new Lease(entry.parsed, key);
    }

    /** How many times a module was parsed (cache misses) since the runtime started. */
    public long parses() {
        return parses.get();
    }

    /** How many distinct modules are held now. */
    public int size() {
        return entries.size();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
