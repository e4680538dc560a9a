package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import org.graalvm.polyglot.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;

/** Borrowing an idle instance from a node's {@link InstancePool} and giving it back. */
@State(Scope.Benchmark)
public class InstanceAcquireBenchmark {
    private Engine engine;
    private InstancePool pool;

    @Setup(Level.Trial)
    public void setUp() {
        engine = GraalEngines.create(true, false);
        LoadedModule module = ModuleLoader.load(WasmConfig.builder(ModuleSource.ofResource("wasm/echo.wasm",
                InstanceAcquireBenchmark.class.getClassLoader())).build(), engine, HostImports.of(List.of()), getClass().getClassLoader());
        GraalWasmInstance instance = GraalWasmInstance.open(module);
        instance.instantiate();
        pool = new InstancePool(1, () -> {
            throw new IllegalStateException("the pool should reuse its one instance");
        });
        pool.offer(instance);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        engine.close();
    }

    @Benchmark
    public GraalWasmInstance acquireAndRelease() throws InterruptedException {
        GraalWasmInstance instance = pool.acquire(1_000_000_000L);
        pool.release(instance, false);
        return instance;
    }
}
