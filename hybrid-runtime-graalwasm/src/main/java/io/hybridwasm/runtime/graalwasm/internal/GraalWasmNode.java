package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link WasmNode} on GraalWasm: each call borrows an instance from a bounded pool, runs the
 * ABI exchange on it under a watchdog, and discards it if it trapped, broke the ABI or timed
 * out. Thread-safe.
 */
public final class GraalWasmNode implements WasmNode {
    /**
     * Least time granted to instantiation (parsing, linking, a start function): a short call
     * timeout must not fail loading on a busy machine, yet a runaway start function must end.
     */
    private static final Duration MIN_INSTANTIATION_TIME = Duration.ofSeconds(10);

    private final LoadedModule module;
    private final CallWatchdog watchdog;
    private final InstancePool pool;
    private AsyncCallQueue async; // guarded by this; made by the first processAsync, most nodes never need one
    private final Consumer<GraalWasmNode> onClose;
    private final Runnable untrackPool;
    private volatile boolean closed;

    private GraalWasmNode(LoadedModule module, CallWatchdog watchdog, Consumer<GraalWasmNode> onClose) {
        this.module = module;
        this.watchdog = watchdog;
        this.onClose = onClose;
        this.pool = new InstancePool(module.config().maxInstances(), this::newInstance);
        this.untrackPool = RuntimeMetrics.trackPool(module.name(), pool::idleCount, pool::inUseCount);
    }

    /**
     * A node with its first instance already created, so that instantiation errors (including
     * an unsupported ABI version) surface here.
     *
     * @throws ModuleLoadException the module cannot be instantiated
     */
    public static GraalWasmNode start(LoadedModule module, CallWatchdog watchdog, Consumer<GraalWasmNode> onClose) {
        GraalWasmNode node = new GraalWasmNode(module, watchdog, onClose);
        try {
            node.pool.offer(node.newInstance());
        } catch (RuntimeException | Error e) {
            node.untrackPool.run();
            module.lease().release();
            throw e;
        }
        return node;
    }

    @Override
    public byte[] process(byte[] input) {
        return process(input, System.nanoTime(), null);
    }

    @Override
    public CompletableFuture<byte[]> processAsync(byte[] input) {
        Objects.requireNonNull(input, "input");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("node " + module.name() + " is closed"));
        }
        Context caller = Context.current();
        return asyncQueue().submit(call -> {
            try (Scope ignored = caller.makeCurrent()) {
                return process(input, call.submittedNanos(), call);
            }
        });
    }

    /** A call whose timeout counts from {@code start}; {@code async} is null for a synchronous one. */
    private byte[] process(byte[] input, long start, AsyncCall async) {
        Objects.requireNonNull(input, "input");
        return ProcessSpan.around(module.name(), module.config().entryFunction(), input, in -> call(in, start, async));
    }

    private byte[] call(byte[] input, long start, AsyncCall async) {
        if (closed) {
            throw new IllegalStateException("node " + module.name() + " is closed");
        }
        WasmConfig config = module.config();
        if (input.length > config.maxMessageSize()) {
            throw new HybridException(HostStatus.TOO_LARGE, "input of " + input.length
                    + " bytes exceeds maxMessageSize " + config.maxMessageSize() + " of module " + module.name());
        }
        long timeout = saturatedNanos(config.callTimeout());
        GraalWasmInstance instance = acquire(timeout);
        long acquired = System.nanoTime();
        long remaining = timeout - (acquired - start);
        if (remaining <= 0) {
            pool.release(instance, false);
            throw timeout("waiting for an instance took the whole call timeout", null);
        }
        instance.deadline(Instant.now().plusNanos(remaining));
        CallWatchdog.Watch watch = watchdog.watch(instance, remaining);
        boolean discard = true;
        RuntimeException failure = null;
        byte[] output = null;
        try {
            instance.enter();
            try {
                if (async != null) {
                    async.started(watch);
                }
                output = GuestAbi.exchange(instance, input);
                discard = false;
            } finally {
                instance.leave();
            }
        } catch (GuestStatusException e) {
            discard = false;
            failure = e;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            boolean interrupted = watch.end();
            pool.release(instance, discard || interrupted);
            boolean timedOut = interrupted && !EngineFailures.trappedOnItsOwn(failure);
            RuntimeMetrics.current().guestCall(module.name(), start, acquired, failure, discard || interrupted, timedOut);
            if (timedOut) {
                throw timeout("the guest did not return in time and was interrupted", failure);
            }
        }
        if (failure != null) {
            throw EngineFailures.ofCall(failure, config.entryFunction(), config.callTimeout());
        }
        return output;
    }

    @Override
    public ByteBuffer process(ByteBuffer input) {
        byte[] bytes = new byte[input.remaining()];
        input.duplicate().get(bytes);
        return ByteBuffer.wrap(process(bytes)).asReadOnlyBuffer();
    }

    @Override
    public WasmConfig config() {
        return module.config();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AsyncCallQueue queue;
        synchronized (this) {
            queue = async;
        }
        if (queue != null) {
            queue.close();
        }
        pool.close();
        untrackPool.run();
        module.lease().release();
        onClose.accept(this);
    }

    private synchronized AsyncCallQueue asyncQueue() {
        if (async == null) {
            async = new AsyncCallQueue(module.name(), module.config().maxInstances(), AsyncCallQueue.DEFAULT_CAPACITY);
            if (closed) {
                async.close();
            }
        }
        return async;
    }

    private GraalWasmInstance acquire(long timeoutNanos) {
        GraalWasmInstance instance;
        try {
            instance = pool.acquire(timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HybridException(HostStatus.TIMEOUT, "interrupted while waiting for an instance of " + module.name(), e);
        }
        if (instance == null) {
            throw timeout("no instance became free (maxInstances " + module.config().maxInstances() + ")", null);
        }
        return instance;
    }

    private GraalWasmInstance newInstance() {
        GraalWasmInstance instance = GraalWasmInstance.open(module);
        Duration limit = instantiationTime();
        CallWatchdog.Watch watch = watchdog.watch(instance, saturatedNanos(limit));
        RuntimeException failure = null;
        int version = GuestAbi.VERSION;
        try {
            instance.instantiate();
            if (module.hasAbiVersion() && !module.lease().abiVersionVerified()) {
                version = instance.abiVersion();
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            watch.end();
            instance.close();
            throw e;
        }
        boolean timedOut = watch.end();
        if (!timedOut && failure == null && version == GuestAbi.VERSION) {
            module.lease().abiVersionVerified(true);
            RuntimeMetrics.current().instanceCreated(module.name());
            return instance;
        }
        instance.close();
        if (timedOut) {
            throw new ModuleLoadException("module " + module.name() + " did not finish instantiating (start function"
                    + " or hybrid_abi_version) within " + limit, failure);
        }
        if (failure instanceof HybridException e) {
            throw e;
        }
        if (failure != null) {
            throw new ModuleLoadException("module " + module.name() + " failed to instantiate: " + failure.getMessage(), failure);
        }
        throw new ModuleLoadException("module " + module.name() + " reports unsupported ABI version " + version
                + " (hybrid_abi_version); this host speaks guest ABI v" + GuestAbi.VERSION);
    }

    private Duration instantiationTime() {
        Duration callTimeout = module.config().callTimeout();
        return callTimeout.compareTo(MIN_INSTANTIATION_TIME) > 0 ? callTimeout : MIN_INSTANTIATION_TIME;
    }

    private CallTimeoutException timeout(String why, Throwable cause) {
        return new CallTimeoutException("call to '" + module.config().entryFunction() + "' of module " + module.name()
                + " exceeded callTimeout " + module.config().callTimeout() + ": " + why, module.config().callTimeout(), cause);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
