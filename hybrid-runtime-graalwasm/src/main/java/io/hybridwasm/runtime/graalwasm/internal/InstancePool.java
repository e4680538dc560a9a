package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code maxInstances} instances of one module, each lent to one caller at a time.
 * Instances are created on demand and reused; a discarded one is closed and replaced by the
 * next caller that needs it; one unused for the idle timeout is closed ({@link IdleInstances}).
 * Thread-safe.
 */
public final class InstancePool implements AutoCloseable {
    private final int maxInstances;
    private final Semaphore permits;
    private final IdleInstances idle = new IdleInstances(System::nanoTime);
    private final Supplier<GraalWasmInstance> factory;
    private volatile boolean closed;

    public InstancePool(int maxInstances, Supplier<GraalWasmInstance> factory) {
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances, true);
        this.factory = factory;
    }

    /** Adds an already created instance, e.g. the one made at load time. */
    public void offer(GraalWasmInstance instance) {
        idle.push(instance);
    }

    /**
     * An instance for the caller's exclusive use, or null when none became free within
     * {@code timeoutNanos}.
     */
    public GraalWasmInstance acquire(long timeoutNanos) throws InterruptedException {
        if (!permits.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            if (closed) {
                throw new IllegalStateException("node is closed");
            }
            GraalWasmInstance instance = idle.poll();
            return instance != null ? instance : factory.get();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Returns an instance lent by {@link #acquire}; {@code discard} closes it instead of reusing it. */
    public void release(GraalWasmInstance instance, boolean discard) {
        try {
            if (discard || closed) {
                instance.close();
            } else {
                idle.push(instance);
                if (closed) {
                    closeIdle();
                }
            }
        } finally {
            permits.release();
        }
    }

    /** Instances waiting to be lent. */
    public int idleCount() {
        return idle.size();
    }

    /** Instances lent to callers (or being created for one). */
    public int inUseCount() {
        return maxInstances - permits.availablePermits();
    }

    /** Closes idle instances now and lent ones when they come back. Idempotent. */
    @Override
    public void close() {
        closed = true;
        idle.stopSweeping();
        closeIdle();
    }

    private void closeIdle() {
        GraalWasmInstance instance;
        while ((instance = idle.poll()) != null) {
            instance.close();
        }
    }
}
