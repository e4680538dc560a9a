package io.hybridwasm.examples.cli;

import io.hybridwasm.HybridException;
import io.hybridwasm.TrapException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code hybrid} command line: run a module, serve the built-in services, run the demo,
 * benchmark. Every failure is one line on stderr and a non-zero exit status: 2 for bad usage,
 * 3 for a failure Hybrid reports (tagged with its ABI status, or {@code [trap]} when the guest
 * trapped), 1 for anything else.
 */
@Command(name = "hybrid", mixinStandardHelpOptions = true, versionProvider = ComponentVersions.class,
        description = "Sandboxed WebAssembly modules that call remote services over gRPC.")
public final class HybridCli {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_HYBRID = 3;
    /** In the order {@code hybrid --help} lists them. */
    static final List<String> SUBCOMMANDS = List.of("run", "serve", "demo", "bench", "soak", "gen-audio", "gen-corpus", "eval");

    private HybridCli() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    /** The whole command tree, writing to the given streams. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, new String[0]);
    }

    /**
     * The command tree for {@code args}: when the first argument names a subcommand, only that
     * one is built, since picocli reflects over every command it is given and a one-shot
     * {@code hybrid run} should not pay for {@code bench}'s dozen subcommands; otherwise (root
     * help, version, a misspelt command) the whole tree.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, String[] args) {
        CommandLine cli = new CommandLine(new HybridCli());
        if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
            cli.addSubcommand(subcommand(args[0], out));
        } else {
            SUBCOMMANDS.forEach(name -> cli.addSubcommand(subcommand(name, out)));
        }
        withVersionEverywhere(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("hybrid: " + describe(e));
            return e instanceof HybridException ? EXIT_HYBRID
                    : e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("hybrid: " + e.getMessage() + " (see hybrid " + commandName(e) + "--help)");
            return EXIT_USAGE;
        });
        return cli;
    }

    /** A subcommand by name (picocli accepts a command object or a CommandLine). */
    private static Object subcommand(String name, PrintStream out) {
        return switch (name) {
            case "run" -> new RunCommand(out);
            case "serve" -> new ServeCommand(out);
            case "demo" -> new DemoCommand(out);
            case "bench" -> new BenchCommand(out);
            case "soak" -> new SoakCommand(out);
            case "gen-audio" -> new GenAudioCommand(out);
            case "gen-corpus" -> new GenCorpusCommand(out);
            case "eval" -> new CommandLine(new EvalCommand()).addSubcommand(new EvalVadCommand(out));
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * Lets {@code --version} on any subcommand print the root's versions. (Each command declares
     * {@code mixinStandardHelpOptions} itself: added here, the options would become extra
     * arguments of method subcommands such as {@code bench silero}.)
     */
    private static void withVersionEverywhere(CommandLine command) {
        command.getCommandSpec().versionProvider(new ComponentVersions());
        command.getSubcommands().values().forEach(HybridCli::withVersionEverywhere);
    }

    private static String commandName(CommandLine.ParameterException e) {
        String name = e.getCommandLine().getCommandSpec().qualifiedName(" ");
        return "hybrid".equals(name) ? "" : name.substring("hybrid ".length()) + " ";
    }

    static String describe(Throwable e) {
        String message = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).replace('\n', ' ');
        if (e instanceof TrapException) {
            // A trap is not a status a guest was told: say what happened, claim no remote error.
            return message + " [trap]";
        }
        if (e instanceof HybridException h) {
            return message + " [" + h.status() + "]";
        }
        return message;
    }
}
