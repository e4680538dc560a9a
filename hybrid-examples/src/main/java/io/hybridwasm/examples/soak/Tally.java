package io.hybridwasm.examples.soak;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running counts per call kind, updated by callers and the watchdog from many threads.
 * A call is counted made when it starts, then exactly once as answered (with its status) or
 * as unanswered (by the watchdog); a call the watchdog gave up on that returns later counts
 * as late, not as answered.
 *
 * <p>Every update and {@link #figures()} hold this tally's lock, so a snapshot taken while
 * callers run is one moment's counts: made, answered and statuses add up in it. (Lock-free
 * adders read one after another let a call answered between two reads break the sums.) A few
 * thousand updates a second make the lock's cost nothing beside the calls counted.
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

    synchronized void made(CallKind kind) {
        byKind.get(kind).made++;
    }

    synchronized void answered(CallKind kind, String status, long tookNanos) {
        Counts c = byKind.get(kind);
        c.answered++;
        c.slowest = Math.max(c.slowest, tookNanos);
        c.statuses.merge(status, 1L, Long::sum);
        if (kind.idempotent() && !OK.equals(status)) {
            c.lost++;
        }
    }

    synchronized void unanswered(CallKind kind) {
        Counts c = byKind.get(kind);
        c.unanswered++;
        if (kind.idempotent()) {
            c.lost++;
        }
    }

    synchronized void late(CallKind kind) {
        byKind.get(kind).late++;
    }

    /** The counts now, per kind in declaration order. */
    synchronized Map<CallKind, KindFigures> figures() {
        Map<CallKind, KindFigures> out = new EnumMap<>(CallKind.class);
        byKind.forEach((kind, c) -> out.put(kind, new KindFigures(c.made, c.answered, c.unanswered, c.late, c.lost,
                new TreeMap<>(c.statuses), c.slowest)));
        return out;
    }

    private static final class Counts {
        long made;
        long answered;
        long unanswered;
        long late;
        long lost;
        long slowest;
        final Map<String, Long> statuses = new HashMap<>();
    }
}
