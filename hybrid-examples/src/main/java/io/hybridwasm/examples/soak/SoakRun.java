package io.hybridwasm.examples.soak;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HybridException;
import io.hybridwasm.TrapException;
import io.hybridwasm.WasmRuntime;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Runs a soak: starts the replicas and the guest nodes, lets the callers loose for the
 * duration while a second thread restarts one replica and rotates the token every period,
 * and prints a snapshot at the start, the middle and the end, then the verdict.
 *
 * <p>Each caller goes through the kinds in turn, two Echo calls (cached, uncached) for each
 * stream and session call, pausing between calls.
 */
public final class SoakRun {
    private static final CallKind[] MIX = {CallKind.ECHO_CACHED, CallKind.ECHO_UNCACHED, CallKind.STREAM,
            CallKind.ECHO_CACHED, CallKind.ECHO_UNCACHED, CallKind.SESSION};

    private final SoakOptions options;
    private final Duration pause;
    private final PrintStream out;
    private static final int LOSSES_SHOWN = 20;

    private volatile Tally tally = new Tally();
    private final AtomicInteger lossesShown = new AtomicInteger();
    private final LongAccumulator slowestClose = new LongAccumulator(Math::max, 0);
    private volatile long t0;
    private volatile Replicas replicas;
    private volatile boolean running = true;

    public SoakRun(SoakOptions options, Duration pause, PrintStream out) {
        this.options = options;
        this.pause = pause;
        this.out = out;
    }

    public SoakReport run(WasmRuntime runtime) throws IOException, InterruptedException {
        TokenRing tokens = new TokenRing(options.replicas(), options.rotation() == Rotation.TOKEN);
        try (Replicas replicas = new Replicas(options.replicas(), tokens, options.downtime());
             GuestNodes nodes = new GuestNodes(runtime, options, replicas.target(), tokens)) {
            out.printf("Soak: %s warm-up, then %s of mixed load from %d callers to %s (token on), one replica restarted"
                            + " every %s, rotation %s; %s%n", SoakReport.format(options.warmup()),
                    SoakReport.format(options.duration()), options.callers(),
                    replicas.target(), SoakReport.format(options.restartEvery()), options.rotation(), runtime.description());
            this.replicas = replicas;
            this.t0 = System.nanoTime();
            List<Thread> callers = new ArrayList<>();
            Snapshot start;
            Snapshot middle;
            Snapshot end;
            try (Watchdog watchdog = new Watchdog(options.callers(), options.watchdogLimit(), out)) {
                for (int i = 0; i < options.callers(); i++) {
                    int caller = i;
                    callers.add(Thread.ofPlatform().daemon().name("soak-caller-" + i)
                            .start(() -> callUntilStopped(caller, nodes, watchdog)));
                }
                sleepUntil(this.t0 + options.warmup().toNanos());
                Resources warm = Resources.measure();
                if (!options.warmup().isZero()) {
                    new Snapshot("warm-up, not judged", options.warmup(), tally.figures(), warm, 0, 0).print(out);
                }
                // The start is the new tally before any caller can see it: read after publishing, a
                // call begun in between counted as made before the start.
                Tally judged = new Tally();
                start = new Snapshot("start", Duration.ZERO, judged.figures(), warm, 0, 0);
                lossesShown.set(0);
                long t0 = System.nanoTime();
                this.t0 = t0;
                tally = judged;
                start.print(out);
                Thread churn = Thread.ofPlatform().daemon().name("soak-churn").start(() -> churn(replicas, nodes, t0));
                sleepUntil(t0 + options.duration().toNanos() / 2);
                middle = snapshot("middle", t0, replicas, nodes);
                middle.print(out);
                sleepUntil(t0 + options.duration().toNanos());
                Resources atEnd = Resources.measure();
                running = false;
                churn.join();
                for (Thread caller : callers) {
                    caller.join(options.watchdogLimit().toMillis() + 1_000);
                }
                end = new Snapshot("end", Duration.ofNanos(System.nanoTime() - t0), tally.figures(), atEnd,
                        replicas.restarts(), nodes.rotations());
            }
            // The watchdog's last scan has run: every call still hanging is counted unanswered.
            end = new Snapshot("end", end.at(), tally.figures(), end.resources(), end.restarts(), end.rotations());
            out.printf(Locale.ROOT, "slowest close of a rotated-out node set (on a caller, after its call): %.3fs%n",
                    slowestClose.get() / 1e9);
            SoakReport report = new SoakReport(options, start, middle, end);
            report.print(out);
            return report;
        } finally {
            running = false; // also when the run fails: callers and churn stop before the replicas go
        }
    }

    private Snapshot snapshot(String label, long t0, Replicas replicas, GuestNodes nodes) throws InterruptedException {
        Resources resources = Resources.measure();
        return new Snapshot(label, Duration.ofNanos(System.nanoTime() - t0), tally.figures(), resources,
                replicas.restarts(), nodes.rotations());
    }

    /** Every period: restart the next replica, then switch the client to the period's token. */
    private void churn(Replicas replicas, GuestNodes nodes, long t0) {
        long period = options.restartEvery().toNanos();
        try {
            for (int k = 1; running; k++) {
                while (running && System.nanoTime() < t0 + k * period) {
                    Thread.sleep(50);
                }
                if (!running) {
                    return;
                }
                replicas.restart((k - 1) % replicas.count(), k);
                nodes.rotate(k);
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (RuntimeException e) {
            out.println("soak: churn stopped: " + e);
        }
    }

    private void callUntilStopped(int caller, GuestNodes nodes, Watchdog watchdog) {
        for (long seq = 0; running; seq++) {
            CallKind kind = MIX[(int) ((seq + caller) % MIX.length)];
            Tally counts = tally;
            byte[] input = kind.input(caller, seq);
            GuestNodes.Generation generation = nodes.acquire();
            Object ticket = watchdog.start(caller, kind, counts);
            long callStart = System.nanoTime();
            String status;
            boolean inTime;
            long took;
            try {
                byte[] output = generation.node(kind).process(input);
                status = kind.verdict(input, output);
            } catch (RuntimeException e) {
                status = status(e);
            } finally {
                inTime = watchdog.finish(caller, ticket);
                took = System.nanoTime() - callStart;
                // After the clock stops: the last user of a retired generation closes its nodes here,
                // which closes their sessions on the replicas (each within the deadline), not part of the call.
                long closeStart = System.nanoTime();
                if (generation.release()) {
                    slowestClose.accumulate(System.nanoTime() - closeStart);
                }
            }
            if (inTime) {
                counts.answered(kind, status, took);
                if (kind.idempotent() && !Tally.OK.equals(status)) {
                    showLoss(kind, status, counts == tally ? "" : " (warm-up, not judged)");
                }
            } else {
                counts.late(kind);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The first few losses, each with the time and the state of the rolling restart: evidence for a bug report. */
    private void showLoss(CallKind kind, String status, String phase) {
        int n = lossesShown.incrementAndGet();
        if (n <= LOSSES_SHOWN) {
            out.printf(Locale.ROOT, "soak: lost %s call at %.2fs%s: %s; %s%s%n", kind.label(),
                    (System.nanoTime() - t0) / 1e9, phase, status, replicas.restartState(),
                    n == LOSSES_SHOWN ? " (further losses only counted)" : "");
        }
    }

    /** How a failed call is counted: the guest's status code, or what went wrong when there is none. */
    static String status(RuntimeException e) {
        return switch (e) {
            case CallTimeoutException t -> "call-timeout";
            case TrapException t -> "trap";
            case GuestStatusException g -> Integer.toString(g.code());
            case HybridException h -> Integer.toString(h.status().code());
            default -> e.getClass().getSimpleName();
        };
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 1_000)));
        }
    }
}
