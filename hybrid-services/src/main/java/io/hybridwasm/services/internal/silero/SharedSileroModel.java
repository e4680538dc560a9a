package io.hybridwasm.services.internal.silero;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@link SileroModel} shared by the servers hosting one service instance: the first
 * {@link #acquire()} loads it, the matching last {@link #release()} closes it. A call made
 * while no server holds it (a test driving the service directly) loads it on demand; it then
 * stays loaded until the next release that brings the count to zero, or until exit.
 *
 * <p>Calls run under the read lock and closing takes the write lock, so the session is never
 * closed under a running call. Thread-safe.
 */
public final class SharedSileroModel {

    private final Supplier<SileroModel> loader;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private SileroModel model;
    private int holders;

    /** A shared model loaded by {@code loader} (which throws, naming the model, on failure). */
    public SharedSileroModel(Supplier<SileroModel> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** Loads the model unless loaded, and counts one more holder. */
    public void acquire() {
        lock.writeLock().lock();
        try {
            if (model == null) {
                model = loader.get();
            }
            holders++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Counts one holder less; closes the model when none is left. Extra releases do nothing. */
    public void release() {
        lock.writeLock().lock();
        try {
            if (holders == 0) {
                return;
            }
            if (--holders == 0 && model != null) {
                SileroModel closing = model;
                model = null;
                closing.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether the model is loaded now. */
    public boolean isLoaded() {
        lock.readLock().lock();
        try {
            return model != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code work} with the loaded model (loading it first if needed); it stays open meanwhile. */
    public <T> T with(Function<SileroModel, T> work) {
        lock.readLock().lock();
        try {
            if (model != null) {
                return work.apply(model);
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            if (model == null) {
                model = loader.get();
            }
            lock.readLock().lock();
        } finally {
            lock.writeLock().unlock();
        }
        try {
            return work.apply(model);
        } finally {
            lock.readLock().unlock();
        }
    }
}
