package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.spi.HostFunction;
import org.graalvm.polyglot.Source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The modules a runtime holds, keyed by the SHA-256 of their bytes and the memory cap: a second
 * node of the same module reuses the first one's parse ({@link WasmModuleInfo}) and its
 * {@link Source}. Handing the engine the very same cached {@code Source} is what lets Truffle
 * reuse the parsed module and its compiled code in every context of the engine; a fresh
 * {@code Source} per node (named after each file, say) would be parsed again.
 *
 * <p>The hash is taken once per content, not once per node: the cache remembers (weakly) the
 * hash a {@link ModuleSource} last had, and a later load of that source compares its bytes with
 * the held entry's (a vectorised compare, no allocation for in-memory bytes) instead of hashing
 * them again. Bytes that differ (a file rewritten since) are hashed and looked up afresh, so a changed
 * module is never served from a stale key. What an entry checked once per entry function
 * ({@link Checked}: linked imports, ABI exports) is kept with it too.
 *
 * <p>An entry lives while a node uses it: {@link #acquire} counts users, {@link Lease#release}
 * drops the entry with its last user.
 * Thread-safe.
 */
public final class ModuleCache {
    private final Map<Key, Entry> entries = new HashMap<>(); // guarded by this
    /** Weak keys: remembering a source must not keep it (an in-memory one holds its bytes) once no one else does. */
    private final Map<ModuleSource, String> shaBySource = new WeakHashMap<>(); // guarded by this
    private final AtomicLong parses = new AtomicLong();
    private final AtomicLong hashes = new AtomicLong();

    /** A parsed, memory-capped module. */
    public record Parsed(WasmModuleInfo info, Source source) {
    }

    /**
     * What loading checked about a module for one entry function, the same for every node of
     * the runtime: the host function linked to each import, and which optional exports exist.
     */
    public record Checked(List<HostFunction> imports, boolean hasDealloc, boolean hasAbiVersion) {
        public Checked {
            imports = List.copyOf(imports);
        }
    }

    private record Key(String sha256, int memoryLimitPages) {
    }

    private static final class Entry {
        final Key key;
        final Parsed parsed;
        final byte[] binary;
        final Map<String, Checked> checkedByEntry = new ConcurrentHashMap<>();
        final OutputCapacity outputCapacity = new OutputCapacity();
        volatile boolean abiVersionVerified;
        int users;

        Entry(Key key, Parsed parsed, byte[] binary) {
            this.key = key;
            this.parsed = parsed;
            this.binary = binary;
        }
    }

    /** One node's use of a cached module; {@link #release} it when the node closes. */
    public final class Lease {
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public Parsed parsed() {
            return entry.parsed;
        }

        /** The output buffer size the module's calls start with, learnt by all its nodes. */
        public OutputCapacity outputCapacity() {
            return entry.outputCapacity;
        }

        /** Whether an instance of the module already reported a supported {@code hybrid_abi_version}. */
        public boolean abiVersionVerified() {
            return entry.abiVersionVerified;
        }

        /** Records that an instance reported a supported ABI version: the same code need not be asked again. */
        public void abiVersionVerified(boolean verified) {
            entry.abiVersionVerified = verified;
        }

        /** What {@code check} found for {@code entryFunction}, run once per entry function while the module is held. */
        public Checked checked(String entryFunction, Supplier<Checked> check) {
            Checked known = entry.checkedByEntry.get(entryFunction);
            if (known == null) {
                known = check.get();
                entry.checkedByEntry.putIfAbsent(entryFunction, known);
            }
            return known;
        }

        /** Ends this use; the module's last use drops it from the cache. Idempotent. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                synchronized (ModuleCache.this) {
                    if (--entry.users <= 0) {
                        entries.remove(entry.key, entry);
                    }
                }
            }
        }
    }

    /**
     * The cached module of {@code source} under {@code memoryLimitPages}. {@code read} gives the
     * source's bytes (not called again for in-memory bytes the cache already compared);
     * {@code parse} turns them into a {@link Parsed} when no node holds that content yet.
     */
    public Lease acquire(ModuleSource source, int memoryLimitPages, Supplier<byte[]> read, Function<byte[], Parsed> parse) {
        Entry known;
        synchronized (this) {
            String sha256 = shaBySource.get(source);
            known = sha256 == null ? null : entries.get(new Key(sha256, memoryLimitPages));
        }
        boolean borrowed = known != null && source instanceof ModuleSource.FromBytes;
        byte[] binary = borrowed ? ((ModuleSource.FromBytes) source).binary() : read.get();
        if (known != null && Arrays.equals(binary, known.binary)) {
            synchronized (this) {
                if (known.users > 0) {
                    known.users++;
                    return new Lease(known);
                }
            }
        }
        if (borrowed) {
            binary = binary.clone();
        }
        hashes.incrementAndGet();
        Key key = new Key(sha256(binary), memoryLimitPages);
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry != null) {
                return use(entry, source);
            }
        }
        Parsed parsed = parse.apply(binary);
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(key, parsed, binary);
                entries.put(key, entry);
                parses.incrementAndGet();
            }
            return use(entry, source);
        }
    }

    private Lease use(Entry entry, ModuleSource source) {
        entry.users++;
        shaBySource.put(source, entry.key.sha256());
        return new Lease(entry);
    }

    /** How many times a module was parsed (cache misses) since the runtime started. */
    public long parses() {
        return parses.get();
    }

    /** How many times a module's bytes were hashed: once per new content a source shows, not once per node. */
    public long hashes() {
        return hashes.get();
    }

    /** How many distinct modules are held now. */
    public synchronized int size() {
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
