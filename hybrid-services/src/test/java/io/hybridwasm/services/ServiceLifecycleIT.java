package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.services.builtin.VoiceActivityDetector;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.testing.TestServer;
import io.hybridwasm.services.testing.TestSignals;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A server starts its hosted services before serving and stops them after; one that cannot start stops the server. */
class ServiceLifecycleIT {

    /** Counts start and stop calls; started before the others (highest priority). */
    static final class Counting extends HostedService {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public String name() {
            return "Counting";
        }

        @Override
        public String description() {
            return "counts start and stop";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public int priority() {
            return MAX_PRIORITY;
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return EnumSet.allOf(PayloadEncoding.class);
        }

        @Override
        public void start() {
            starts.incrementAndGet();
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            return ServiceResult.json("{\"starts\":" + starts.get() + "}");
        }
    }

    @Test
    void aServerStartsItsServicesBeforeServingAndStopsThemAfter() throws Exception {
        Counting counting = new Counting();
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(counting);
        registry.register(new VoiceActivityDetector());
        try (TestServer server = TestServer.start(b -> b.registry(registry))) {
            assertEquals(1, counting.starts.get());
            String verdict = server.blocking().execute(ExecuteRequest.newBuilder().setService("VoiceActivityDetector")
                    .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_PCM_F32LE)
                            .setData(ByteString.copyFrom(TestSignals.f32le(TestSignals.speechLike())))).build())
                    .getOutput().getData().toStringUtf8();
            assertTrue(verdict.startsWith("{\"is_speech\":true,"), verdict);
            assertEquals(0, counting.stops.get());
        }
        assertEquals(1, counting.stops.get());
    }

    @Test
    void aVadWhoseModelCannotLoadKeepsTheServerFromStartingAndSaysWhichModel() {
        Counting counting = new Counting();
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(counting);
        registry.register(new VoiceActivityDetector("broken-vad.onnx", new byte[] {8, 1, 18, 0}));
        HybridServer server = HybridServer.builder().port(0).registry(registry).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().startsWith("Service VoiceActivityDetector cannot start: VAD model broken-vad.onnx"),
                e.getMessage());
        assertEquals(1, counting.starts.get());
        assertEquals(1, counting.stops.get(), "what had started is stopped again");
        server.close();
        assertEquals(1, counting.stops.get());
    }
}
