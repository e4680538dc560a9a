package io.hybridwasm.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code hybrid eval}: groups the evaluations; today {@code vad}. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a guest on labelled data.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing what to evaluate: vad");
    }
}
