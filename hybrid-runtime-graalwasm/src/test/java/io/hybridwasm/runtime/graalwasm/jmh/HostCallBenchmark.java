package io.hybridwasm.runtime.graalwasm.jmh;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One host-call round trip, guest → {@link HostFunction} → guest: the {@code host_loop} guest
 * calls a host function that does nothing {@link #CALLS} times per {@code process}, so the
 * score (ns/op) is the cost of one round trip plus 1/{@code CALLS} of the call's ABI exchange.
 */
@State(Scope.Benchmark)
public class HostCallBenchmark {
    static final int CALLS = 10_000;

    private GraalWasmRuntime runtime;
    private WasmNode node;
    private final byte[] input = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(CALLS).array();

    @Setup(Level.Trial)
    public void setUp() {
        HostFunctionProvider noop = new HostFunctionProvider() {
            @Override
            public String name() {
                return "bench-noop";
            }

            @Override
            public List<HostFunction> functions() {
                return List.of(HostFunction.ofInts("bench", "noop", 2, (call, args) -> 1));
            }
        };
        runtime = GraalWasmRuntime.builder().discoverHostFunctionProviders(false).addHostFunctionProvider(noop).build();
        node = runtime.load(WasmConfig.builder(ModuleSource.ofResource("wasm/host_loop.wasm",
                HostCallBenchmark.class.getClassLoader())).maxInstances(1).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        runtime.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public byte[] hostCallRoundTrip() {
        return node.process(input);
    }
}
