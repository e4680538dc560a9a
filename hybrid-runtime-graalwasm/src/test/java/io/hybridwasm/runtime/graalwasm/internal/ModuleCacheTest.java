package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ModuleCacheTest {
    private static final int PAGES = 16;

    private final ModuleCache cache = new ModuleCache();
    private final AtomicInteger reads = new AtomicInteger();

    private ModuleCache.Lease acquire(ModuleSource source) {
        return cache.acquire(source, PAGES, () -> {
            reads.incrementAndGet();
            return source.bytes();
        }, binary -> new ModuleCache.Parsed(null, null));
    }

    @Test
    void anInMemorySourceIsHashedAndReadOnceHoweverManyNodesUseIt() {
        ModuleSource source = ModuleSource.of("m", new byte[] {1, 2, 3});
        ModuleCache.Lease first = acquire(source);
        for (int i = 0; i < 5; i++) {
            assertSame(first.parsed(), acquire(source).parsed());
        }
        assertEquals(1, cache.hashes());
        assertEquals(1, cache.parses());
        assertEquals(1, reads.get(), "later loads compare the source's own array instead of copying it");
    }

    @Test
    void aRewrittenFileIsReadAgainAndNotServedFromTheOldKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.wasm");
        Files.write(file, new byte[] {1, 2, 3});
        ModuleSource source = ModuleSource.of(file);
        ModuleCache.Lease original = acquire(source);
        assertSame(original.parsed(), acquire(source).parsed());
        assertEquals(1, cache.hashes());

        Files.write(file, new byte[] {1, 2, 4});
        ModuleCache.Lease rewritten = acquire(source);
        assertNotSame(original.parsed(), rewritten.parsed());
        assertSame(rewritten.parsed(), acquire(source).parsed(), "the new content is remembered in turn");
        assertEquals(2, cache.parses());

        Files.write(file, new byte[] {1, 2, 3});
        assertSame(original.parsed(), acquire(source).parsed(), "the first content is still held by its nodes");
        assertEquals(2, cache.parses());
        assertEquals(3, cache.hashes());
        assertEquals(2, cache.size());
    }

    @Test
    void theLastReleaseDropsTheModule() {
        ModuleSource source = ModuleSource.of("m", new byte[] {7});
        ModuleCache.Lease first = acquire(source);
        ModuleCache.Lease second = acquire(source);
        first.release();
        first.release();
        assertEquals(1, cache.size());
        second.release();
        assertEquals(0, cache.size());

        acquire(source);
        assertEquals(2, cache.parses());
        assertEquals(2, cache.hashes());
    }

    @Test
    void anotherMemoryLimitIsAnotherModule() {
        ModuleSource source = ModuleSource.of("m", new byte[] {7});
        acquire(source);
        cache.acquire(source, PAGES + 1, source::bytes, binary -> new ModuleCache.Parsed(null, null));
        assertEquals(2, cache.parses());
    }

    @Test
    void checksRunOncePerEntryFunctionWhileTheModuleIsHeld() {
        ModuleSource source = ModuleSource.of("m", new byte[] {7});
        AtomicInteger checks = new AtomicInteger();
        ModuleCache.Checked checked = new ModuleCache.Checked(List.of(), true, false);
        for (int i = 0; i < 3; i++) {
            assertSame(checked, acquire(source).checked("process", () -> {
                checks.incrementAndGet();
                return checked;
            }));
        }
        acquire(source).checked("other", () -> {
            checks.incrementAndGet();
            return checked;
        });
        assertEquals(2, checks.get());
    }

    @Test
    void theOutputCapacityOneNodeLearntIsWhereTheNextNodesStart() {
        ModuleSource source = ModuleSource.of("m", new byte[] {7});
        OutputCapacity capacity = acquire(source).outputCapacity();
        assertEquals(64 << 10, capacity.bytes(0), "docs/abi.md: the first capacity is at least 64 KiB");
        assertEquals(70_000, capacity.bytes(70_000), "and at least the input length");
        capacity.needed(80_000);
        capacity.needed(10_000);
        assertEquals(80_000, acquire(source).outputCapacity().bytes(1280));
        assertEquals(90_000, acquire(source).outputCapacity().bytes(90_000));
    }
}
