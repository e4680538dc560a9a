package io.hybridwasm.runtime.graalwasm.jmh;

import io.hybridwasm.HostStatus;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The {@code intelligent_vad} guest's {@code process} through {@link WasmNode#process} on 1 s
 * (64 000 B) and 20 ms (1 280 B) of a tone with noise; {@code -Dhybrid.vad=FILE} times another
 * build of the guest.
 */
@State(Scope.Benchmark)
public class VadBenchmark {
    /** Where the committed VAD guest is, relative to this module (exec:exec runs here). */
    static final Path VAD = Path.of(System.getProperty("hybrid.vad", "../wasm-src/modules/intelligent_vad.wasm"));

    private GraalWasmRuntime runtime;
    private WasmNode vad;
    private byte[] second;
    private byte[] frame;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        runtime = GraalWasmRuntime.builder().discoverHostFunctionProviders(false).addHostFunctionProvider(new Unavailable()).build();
        vad = runtime.load(WasmConfig.builder(ModuleSource.of("intelligent_vad.wasm", Files.readAllBytes(VAD)))
                .maxInstances(1).build());
        second = tone(16_000);
        frame = tone(320);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public byte[] vadOneSecond() {
        return vad.process(second);
    }

    @Benchmark
    public byte[] vad20Millis() {
        return vad.process(frame);
    }

    private static byte[] tone(int samples) {
        Random random = new Random(1);
        ByteBuffer b = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putFloat((float) (0.3 * Math.sin(i * 0.2) + 0.2 * (random.nextFloat() - 0.5)));
        }
        return b.array();
    }

    /** The bridge's imports, answering SERVICE_UNAVAILABLE: {@code process} never calls them. */
    private static final class Unavailable extends HostFunctionProvider {
        @Override
        public String name() {
            return "bench-unavailable";
        }

        @Override
        public List<HostFunction> functions() {
            HostFunction.IntBody unavailable = (call, args) -> HostStatus.SERVICE_UNAVAILABLE.code();
            return List.of(HostFunction.ofInts("env", "call_remote_service", 6, unavailable),
                    HostFunction.ofInts("env", "stream_to_remote", 4, unavailable),
                    HostFunction.ofInts("env", "get_remote_session", 4, unavailable),
                    HostFunction.ofInts("env", "call_remote_batch", 4, unavailable));
        }
    }
}
