package io.hybridwasm.runtime.graalwasm.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The runtime's OpenTelemetry instruments (scope {@value #SCOPE}): guest execution time,
 * instance-pool wait and size, instances created and discarded. They come from
 * {@link GlobalOpenTelemetry} when first used after it changed, so an SDK registered before the
 * first call is the one that records; without one every method is a no-op that builds nothing.
 * Thread-safe.
 */
public final class RuntimeMetrics {
    /** The instrumentation scope of the whole library. */
    public static final String SCOPE = "io.hybridwasm";
    /** Latency buckets in seconds, 50 µs to 10 s: guest calls are mostly sub-millisecond. */
    public static final List<Double> SECONDS_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    static final AttributeKey<String> MODULE = AttributeKey.stringKey("hybrid.module");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("hybrid.outcome");
    static final AttributeKey<String> CAUSE = AttributeKey.stringKey("hybrid.discard.cause");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("hybrid.instance.state");

    /** Why an instance was closed instead of being reused. */
    public enum DiscardCause { TRAP, TIMEOUT, IDLE }

    private static final Set<PoolGauge> POOLS = ConcurrentHashMap.newKeySet();
    private static volatile RuntimeMetrics current;

    private final OpenTelemetry openTelemetry;
    private final boolean enabled;
    private final DoubleHistogram guestDuration;
    private final DoubleHistogram poolWait;
    private final LongCounter created;
    private final LongCounter discarded;
    private final ObservableLongGauge poolSize;

    private RuntimeMetrics(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        MeterProvider provider = openTelemetry.getMeterProvider();
        this.enabled = provider != MeterProvider.noop();
        Meter meter = provider.get(SCOPE);
        guestDuration = meter.histogramBuilder("hybrid.guest.duration").setUnit("s")
                .setDescription("Time a guest call ran on its instance, host calls included, pool wait excluded")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
        poolWait = meter.histogramBuilder("hybrid.instance.pool.wait").setUnit("s")
                .setDescription("Time a call waited for a free instance of its module")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
        created = meter.counterBuilder("hybrid.instance.creations").setUnit("{instance}")
                .setDescription("Guest instances created").build();
        discarded = meter.counterBuilder("hybrid.instance.discards").setUnit("{instance}")
                .setDescription("Guest instances closed instead of reused, by cause (trap, timeout, idle)").build();
        poolSize = enabled ? meter.gaugeBuilder("hybrid.instance.pool.size").ofLongs().setUnit("{instance}")
                .setDescription("Instances of a module, idle or in use")
                .buildWithCallback(RuntimeMetrics::observePools) : null;
    }

    /** The instruments of the globally registered OpenTelemetry, rebuilt when that changed. */
    public static RuntimeMetrics current() {
        OpenTelemetry global = GlobalOpenTelemetry.get();
        RuntimeMetrics metrics = current;
        if (metrics == null || metrics.openTelemetry != global) {
            synchronized (RuntimeMetrics.class) {
                metrics = current;
                if (metrics == null || metrics.openTelemetry != global) {
                    if (metrics != null && metrics.poolSize != null) {
                        metrics.poolSize.close();
                    }
                    metrics = new RuntimeMetrics(global);
                    current = metrics;
                }
            }
        }
        return metrics;
    }

    /**
     * One call of {@code module}'s guest, ending now: how long it waited for an instance, how long
     * it ran, how it ended, and whether its instance was discarded.
     *
     * @param start     {@link System#nanoTime()} when the call began
     * @param acquired  {@link System#nanoTime()} when it got its instance
     * @param failure   what the call threw, or null
     * @param discarded whether the instance was closed (trap, broken ABI) rather than returned
     * @param timedOut  whether the watchdog interrupted it
     */
    public void guestCall(String module, long start, long acquired, RuntimeException failure,
                          boolean discarded, boolean timedOut) {
        if (!enabled) {
            return;
        }
        long end = System.nanoTime();
        poolWait.record((acquired - start) / 1e9, Attributes.of(MODULE, module));
        String outcome = timedOut ? "timeout" : discarded ? "trap" : failure != null ? "guest_error" : "ok";
        guestDuration.record((end - acquired) / 1e9, Attributes.of(MODULE, module, OUTCOME, outcome));
        if (discarded || timedOut) {
            instanceDiscarded(module, timedOut ? DiscardCause.TIMEOUT : DiscardCause.TRAP);
        }
    }

    /** An instance of {@code module} was created. */
    public void instanceCreated(String module) {
        if (enabled) {
            created.add(1, Attributes.of(MODULE, module));
        }
    }

    /** An instance of {@code module} was closed for {@code cause}. */
    public void instanceDiscarded(String module, DiscardCause cause) {
        if (enabled) {
            discarded.add(1, Attributes.of(MODULE, module, CAUSE, cause.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Reports {@code module}'s pool in {@code hybrid.instance.pool.size} until the returned
     * action runs; pools of nodes of the same module add up.
     *
     * @param idle  instances waiting to be lent
     * @param inUse instances lent to callers
     */
    public static Runnable trackPool(String module, IntSupplier idle, IntSupplier inUse) {
        PoolGauge gauge = new PoolGauge(module, idle, inUse);
        POOLS.add(gauge);
        return () -> POOLS.remove(gauge);
    }

    private static void observePools(ObservableLongMeasurement measurement) {
        Map<String, long[]> byModule = new TreeMap<>();
        for (PoolGauge pool : POOLS) {
            long[] sums = byModule.computeIfAbsent(pool.module(), m -> new long[2]);
            sums[0] += pool.idle().getAsInt();
            sums[1] += pool.inUse().getAsInt();
        }
        byModule.forEach((module, sums) -> {
            measurement.record(sums[0], Attributes.of(MODULE, module, STATE, "idle"));
            measurement.record(sums[1], Attributes.of(MODULE, module, STATE, "in_use"));
        });
    }

    /** Compared by identity: two nodes of one module are two pools. */
    private static final class PoolGauge {
        private final String module;
        private final IntSupplier idle;
        private final IntSupplier inUse;

        PoolGauge(String module, IntSupplier idle, IntSupplier inUse) {
            this.module = module;
            this.idle = idle;
            this.inUse = inUse;
        }

        String module() {
            return module;
        }

        IntSupplier idle() {
            return idle;
        }

        IntSupplier inUse() {
            return inUse;
        }
    }
}
