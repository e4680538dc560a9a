package io.hybridwasm.examples.cli;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.examples.soak.Rotation;
import io.hybridwasm.examples.soak.SoakOptions;
import io.hybridwasm.examples.soak.SoakReport;
import io.hybridwasm.examples.soak.SoakRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code hybrid soak}: mixed guest load against restarting replicas; exits 1 when the verdict is FAIL. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Mixed load from remote_patterns guests (Echo cached and uncached, streams, sessions) against "
                        + "replicas on 127.0.0.1 behind one static:/// target, with a bearer token; one replica restarted "
                        + "and the token rotated every --restart-every. Prints calls and resources at start, middle and "
                        + "end, then a verdict; exits 1 when it fails."},
        footer = {"",
                "Definitions:",
                "  answered    the guest call returned (output or any status) before the",
                "              watchdog gave up on it",
                "  unanswered  the call had not returned --call-timeout + --grace after it",
                "              started: a hang",
                "  lost        an idempotent call (Echo) that ended without the right answer",
                "              after the bridge's retries, or went unanswered. The bridge",
                "              retries UNAVAILABLE only, at most 3 attempts in all, within",
                "              --deadline; round robin sends a retry to another replica.",
                "              Stream and session calls are not idempotent: their failures",
                "              are counted by status, not as lost.",
                "  statuses    OK; an ABI code: -1 network, -2 unavailable, -5 unknown",
                "              service, -6 timeout, -11 session expired, ...; call-timeout",
                "              (--call-timeout passed), trap, wrong-answer",
                "PASS needs lost 0, unanswered 0, heap after GC at the end at most 1.10 x",
                "the middle, open descriptors at the end at most the middle + --fd-slack."})
final class SoakCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--warmup", defaultValue = "20s", converter = DurationConverter.class,
            description = "Load before the judged run, without restarts; printed, not judged (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long the load runs, e.g. 30s, 2m, 10m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--replicas", defaultValue = "3", description = "Servers behind the target (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--restart-every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Restart one replica and rotate the token this often (default: ${DEFAULT-VALUE}).")
    Duration restartEvery;

    @Option(names = "--downtime", defaultValue = "1s", converter = DurationConverter.class,
            description = "How long a restarted replica stays down (default: ${DEFAULT-VALUE}).")
    Duration downtime;

    @Option(names = "--callers", defaultValue = "8", description = "Concurrent caller threads (default: ${DEFAULT-VALUE}).")
    int callers;

    @Option(names = "--pause", defaultValue = "5ms", converter = DurationConverter.class,
            description = "Each caller's pause between calls (default: ${DEFAULT-VALUE}).")
    Duration pause;

    @Option(names = "--deadline", defaultValue = "2s", converter = DurationConverter.class,
            description = "Deadline of one remote call, retries included (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--call-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "The guest call's own deadline (default: ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Option(names = "--grace", defaultValue = "5s", converter = DurationConverter.class,
            description = "Past --call-timeout, how long before a call counts as unanswered (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--fd-slack", defaultValue = "16",
            description = "Open descriptors the end may have above the middle (default: ${DEFAULT-VALUE}).")
    int fdSlack;

    @Option(names = "--rotation", defaultValue = "TOKEN",
            description = "Once per period: TOKEN (new nodes with the next token), NODES (new nodes, same token) or"
                    + " NONE; the last two tell a rotation leak from node churn (default: ${DEFAULT-VALUE}).")
    Rotation rotation;

    SoakCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        SoakOptions options = new SoakOptions(warmup, duration, replicas, restartEvery, downtime, callers, deadline,
                callTimeout, grace, fdSlack, rotation);
        try (WasmRuntime runtime = Hybrid.newRuntime()) {
            SoakReport report = new SoakRun(options, pause, out).run(runtime);
            return report.passed() ? 0 : HybridCli.EXIT_FAILURE;
        }
    }
}
