package io.hybridwasm.examples.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A soak run's three snapshots and its verdict: it passes when no idempotent call was lost, no
 * call went unanswered, the heap after GC at the end is within {@link SoakOptions#HEAP_GROWTH_LIMIT}
 * of the middle, and open descriptors at the end exceed the middle by at most the slack.
 */
public record SoakReport(SoakOptions options, Snapshot start, Snapshot middle, Snapshot end) {

    /** Heap after GC at the end over the middle. */
    public double heapGrowth() {
        return (double) end.resources().heapAfterGcBytes() / middle.resources().heapAfterGcBytes();
    }

    /** Open descriptors at the end minus the middle. */
    public long fdGrowth() {
        return end.resources().openFds() - middle.resources().openFds();
    }

    /** Why the run fails; empty when it passes. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (end.lost() > 0) {
            failures.add(end.lost() + " idempotent calls lost");
        }
        if (end.unanswered() > 0) {
            failures.add(end.unanswered() + " calls unanswered");
        }
        if (heapGrowth() > SoakOptions.HEAP_GROWTH_LIMIT) {
            failures.add(String.format(Locale.ROOT, "heap after GC grew %.3fx from middle to end (limit %.2fx)",
                    heapGrowth(), SoakOptions.HEAP_GROWTH_LIMIT));
        }
        if (fdGrowth() > options.fdSlack()) {
            failures.add("open descriptors grew by " + fdGrowth() + " from middle to end (slack " + options.fdSlack() + ")");
        }
        if (end.made() != end.answered() + end.unanswered()) {
            failures.add("counts do not add up: made " + end.made() + " != answered " + end.answered()
                    + " + unanswered " + end.unanswered());
        }
        return failures;
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** One line: PASS or FAIL, the judged figures, and the reasons of a failure. */
    public String verdict() {
        return String.format(Locale.ROOT,
                "verdict: %s: %d calls, lost %d, unanswered %d, heap end/middle %.3f (limit %.2f), "
                        + "fds end-middle %+d (slack %d), %d restarts, %d rotations%s",
                passed() ? "PASS" : "FAIL", end.made(), end.lost(), end.unanswered(), heapGrowth(),
                SoakOptions.HEAP_GROWTH_LIMIT, fdGrowth(), options.fdSlack(), end.restarts(), end.rotations(),
                passed() ? "" : " -- " + String.join("; ", failures()));
    }

    void print(PrintStream out) {
        end.print(out);
        out.println(verdict());
    }

    /** {@code 1m05s}, {@code 20s}. */
    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
