package io.hybridwasm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand, found by walking picocli's tree, answers --help; the root --version. */
class CliHelpTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HybridCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void collect(CommandLine command, List<String> path, Set<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias: the same command
            }
            List<String> child = new ArrayList<>(path);
            child.add(name);
            collect(sub, child, into);
        });
    }

    @Test
    void everyCommandAndSubcommandPrintsUsageAndExitsZero() {
        Set<List<String>> commands = new LinkedHashSet<>();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        collect(HybridCli.commandLine(sink, sink), List.of(), commands);
        assertTrue(commands.containsAll(List.of(List.of("run"), List.of("serve"), List.of("bench", "remote"),
                List.of("bench", "batch"), List.of("eval", "vad"), List.of("gen-corpus"))), commands.toString());
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Result help = run(args.toArray(String[]::new));
            String name = String.join(" ", command);
            assertEquals(0, help.exit(), name + ": " + help.err());
            assertEquals("", help.err(), name);
            assertTrue(help.out().startsWith(("Usage: hybrid " + name).strip()), name + ": " + help.out());
            assertTrue(help.out().contains("-h, --help"), name + ": " + help.out());
        }
    }

    @Test
    void versionNamesHybridGraalVmAndGrpcAsFoundOnTheClassPath() {
        Result version = run("--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("hybrid "), version.out());
        String digits = "\\d+\\.\\d+(\\.\\d+)?";
        assertTrue(Pattern.compile("GraalVM polyglot " + digits + ", GraalWasm " + digits).matcher(version.out()).find(),
                version.out());
        assertTrue(Pattern.compile("gRPC " + digits).matcher(version.out()).find(), version.out());
        assertEquals(version.out(), run("run", "--version").out(), "subcommands print the same versions");
    }

    @Test
    void aNamedCommandIsBuiltAloneAndEverythingElseSeesTheWholeTree() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Set.of("run"), HybridCli.commandLine(sink, sink, new String[] {"run", "x.wasm"}).getSubcommands().keySet());
        assertEquals(Set.copyOf(HybridCli.SUBCOMMANDS),
                HybridCli.commandLine(sink, sink, new String[] {"--help"}).getSubcommands().keySet());
        Result root = run("--help");
        assertEquals(0, root.exit(), root.err());
        for (String command : HybridCli.SUBCOMMANDS) {
            assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(command) + "\\s").matcher(root.out()).find(),
                    command + " missing from: " + root.out());
        }
        Result misspelt = run("rnu", "x.wasm");
        assertEquals(2, misspelt.exit());
        assertTrue(misspelt.err().contains("Unmatched arguments") && misspelt.err().contains("rnu"), misspelt.err());
    }
}
