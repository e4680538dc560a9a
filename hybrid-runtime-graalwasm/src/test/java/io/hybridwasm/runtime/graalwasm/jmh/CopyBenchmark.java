package io.hybridwasm.runtime.graalwasm.jmh;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Random;

/**
 * Copy in and out per size: {@link WasmNode#process} on the {@code echo} guest, whose entry is
 * one {@code memory.copy}, so the score is the ABI around a call: instance acquire, alloc, copy
 * in, call, copy out, free.
 */
@State(Scope.Benchmark)
public class CopyBenchmark {
    @Param({"0", "1280", "65536", "1048576"})
    public int echoBytes;

    private GraalWasmRuntime runtime;
    private WasmNode echo;
    private byte[] echoInput;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = GraalWasmRuntime.builder().discoverHostFunctionProviders(false).build();
        echo = runtime.load(WasmConfig.builder(ModuleSource.ofResource("wasm/echo.wasm",
                CopyBenchmark.class.getClassLoader())).maxInstances(1).maxMessageSize(2 << 20).build());
        echoInput = new byte[echoBytes];
        new Random(1).nextBytes(echoInput);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public byte[] echo() {
        return echo.process(echoInput);
    }
}
