package io.hybridwasm.examples.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running counts per call kind, updated by callers and the watchdog from many threads.
 * A call is counted made when it starts, then exactly once as answered (with its status) or
 * as unanswered (by the watchdog); a call the watchdog gave up on that returns later counts
 * as late, not as answered.
 */
final class Tally {
    /** The status of a call that returned the right answer. */
    static final String OK = "OK";

    private final Map<CallKind, Counts> byKind = new EnumMap<>(CallKind.class);

    Tally() {
        for (CallKind kind : CallKind.values()) {
            byKind.put(kind, new Counts());
        }
    }

    void made(CallKind kind) {
        byKind.get(kind).made.increment();
    }

    void answered(CallKind kind, String status, long tookNanos) {
        Counts c = byKind.get(kind);
        c.answered.increment();
        c.slowest.accumulate(tookNanos);
        c.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (kind.idempotent() && !OK.equals(status)) {
            c.lost.increment();
        }
    }

    void unanswered(CallKind kind) {
        Counts c = byKind.get(kind);
        c.unanswered.increment();
        if (kind.idempotent()) {
            c.lost.increment();
        }
    }

    void late(CallKind kind) {
        byKind.get(kind).late.increment();
    }

    /** The counts now, per kind in declaration order. */
    Map<CallKind, KindFigures> figures() {
        Map<CallKind, KindFigures> out = new EnumMap<>(CallKind.class);
        byKind.forEach((kind, c) -> {
            Map<String, Long> statuses = new TreeMap<>();
            c.statuses.forEach((s, n) -> statuses.put(s, n.sum()));
            out.put(kind, new KindFigures(c.made.sum(), c.answered.sum(), c.unanswered.sum(), c.late.sum(),
                    c.lost.sum(), statuses, c.slowest.get()));
        });
        return out;
    }

    private static final class Counts {
        final LongAdder made = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder unanswered = new LongAdder();
        final LongAdder late = new LongAdder();
        final LongAdder lost = new LongAdder();
        final LongAccumulator slowest = new LongAccumulator(Math::max, 0);
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    }
}
