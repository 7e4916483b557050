package io.alchemiser.orchestrator.cli.common;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code config}, {@code journal}): named alone, it shows its usage (exit 64). */
public abstract class CommandGroup implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return ExitCodes.USAGE;
  }
}
