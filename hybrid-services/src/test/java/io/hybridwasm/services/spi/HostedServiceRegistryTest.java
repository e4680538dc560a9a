package io.hybridwasm.services.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.PayloadEncoding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostedServiceRegistryTest {

    /** A configurable stand-in; subclasses exist only to have distinct class names. */
    static class Fake extends HostedService {
        private final String name;
        private final int priority;
        private final boolean available;

        Fake(String name, int priority, boolean available) {
            this.name = name;
            this.priority = priority;
            this.available = available;
        }

        Fake(String name, int priority) {
            this(name, priority, true);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return Set.of(PayloadEncoding.RAW);
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            return ServiceResult.of(PayloadEncoding.RAW, new byte[0]);
        }
    }

    static final class AaFake extends Fake {
        AaFake(String name, int priority) {
            super(name, priority);
        }
    }

    static final class ZzFake extends Fake {
        ZzFake(String name, int priority) {
            super(name, priority);
        }
    }

    @Test
    void ordersByDescendingPriorityThenClassName() {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new ZzFake("low", 1));
        registry.register(new ZzFake("b", 5));
        registry.register(new AaFake("a", 5));
        registry.register(new Fake("high", 9));
        assertEquals(List.of("high", "a", "b", "low"), registry.names());
    }

    @Test
    void forADuplicateNameTheHigherPriorityWinsWhicheverCameFirst() {
        Fake winner = new Fake("Vad", 7);
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(winner);
        registry.register(new Fake("Vad", 3));
        assertSame(winner, registry.find("Vad").orElseThrow());

        HostedServiceRegistry reversed = HostedServiceRegistry.empty();
        reversed.register(new Fake("Vad", 3));
        reversed.register(winner);
        assertSame(winner, reversed.find("Vad").orElseThrow());
        assertEquals(1, reversed.services().size());
    }

    @Test
    void equalPrioritiesAreSettledByClassName() {
        AaFake aa = new AaFake("Same", 5);
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new ZzFake("Same", 5));
        registry.register(aa);
        assertSame(aa, registry.find("Same").orElseThrow());
    }

    @Test
    void deregisteringTheWinnerRevealsTheShadowedService() {
        Fake high = new Fake("X", 8);
        Fake low = new Fake("X", 2);
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(high);
        registry.register(low);
        registry.deregister(high);
        assertSame(low, registry.find("X").orElseThrow());
    }

    @Test
    void unavailableServicesAreDropped() {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new Fake("Gone", 10, false));
        assertTrue(registry.find("Gone").isEmpty());
        assertTrue(registry.services().isEmpty());
    }

    @Test
    void rejectsBlankNamesAndOutOfRangePriorities() {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        assertThrows(IllegalArgumentException.class, () -> registry.register(new Fake(" ", 5)));
        assertThrows(IllegalArgumentException.class, () -> registry.register(new Fake("P", 11)));
        assertThrows(IllegalArgumentException.class, () -> registry.register(new Fake("P", -1)));
    }

    @Test
    void loadsTheBuiltInServicesFromTheClassPath() {
        HostedServiceRegistry registry = HostedServiceRegistry.load(getClass().getClassLoader());
        assertTrue(registry.names().containsAll(
                List.of("DspVoiceActivityDetector", "Echo", "Fail", "SessionCounter", "Sleep", "VoiceActivityDetector")), registry.names().toString());
        assertSame(HostedServiceRegistry.defaultRegistry(), HostedServiceRegistry.defaultRegistry());
    }

    @Test
    void withoutDiagnosticsDropsSleepAndFailOnly() {
        HostedServiceRegistry registry = HostedServiceRegistry.load(getClass().getClassLoader());
        HostedServiceRegistry production = registry.withoutDiagnostics();
        assertEquals(List.of("DspVoiceActivityDetector", "Echo", "SessionCounter", "VoiceActivityDetector"),
                production.names().stream().sorted().toList());
        assertTrue(registry.names().containsAll(List.of("Sleep", "Fail")), "the source registry is unchanged");
        assertSame(production, production.withoutDiagnostics());
    }
}
