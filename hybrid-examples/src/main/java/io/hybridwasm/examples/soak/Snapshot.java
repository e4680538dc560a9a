package io.hybridwasm.examples.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The counts and the resources at one moment of a run (start, middle or end).
 *
 * @param label     {@code start}, {@code middle} or {@code end}
 * @param at        time since the load started
 * @param kinds     counts per call kind
 * @param resources heap, descriptors, threads
 * @param restarts  replica restarts so far
 * @param rotations client rotations so far (see {@link Rotation})
 */
public record Snapshot(String label, Duration at, Map<CallKind, KindFigures> kinds, Resources resources,
                       int restarts, int rotations) {

    public Snapshot {
        kinds = Map.copyOf(kinds);
    }

    public long made() {
        return sum(KindFigures::made);
    }

    public long answered() {
        return sum(KindFigures::answered);
    }

    public long unanswered() {
        return sum(KindFigures::unanswered);
    }

    public long lost() {
        return sum(KindFigures::lost);
    }

    /** Calls of {@code kind} answered with {@code status} ({@code OK}, {@code -2}, ...). */
    public long status(CallKind kind, String status) {
        return kinds.get(kind).statuses().getOrDefault(status, 0L);
    }

    /** Whether made = answered + unanswered + in flight holds per kind, and answered = the sum of statuses. */
    public boolean addsUp() {
        return kinds.values().stream().allMatch(k -> k.inFlight() >= 0
                && k.answered() == k.statuses().values().stream().mapToLong(Long::longValue).sum());
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "== %s (%s): %d calls made, %d answered, %d lost, %d unanswered, %d in flight;"
                        + " %d restarts, %d rotations%n", label, SoakReport.format(at), made(), answered(), lost(),
                unanswered(), made() - answered() - unanswered(), restarts, rotations);
        out.printf(Locale.ROOT, "   heap after GC %.1f MiB, %d open fds %s, %d threads%n", resources.heapMiB(),
                resources.openFds(), resources.fdKinds(), resources.threads());
        for (CallKind kind : CallKind.values()) {
            KindFigures k = kinds.get(kind);
            String statuses = k.statuses().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            out.printf(Locale.ROOT, "   %-14s made %d, answered %d, lost %s, unanswered %d, late %d, slowest %.2fs; %s%n",
                    kind.label(), k.made(), k.answered(), kind.idempotent() ? Long.toString(k.lost()) : "n/a",
                    k.unanswered(), k.late(), k.slowestNanos() / 1e9, statuses.isEmpty() ? "-" : statuses);
        }
    }

    private long sum(ToLongFunction<KindFigures> field) {
        return kinds.values().stream().mapToLong(field).sum();
    }
}
