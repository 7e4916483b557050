package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandGroup;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code alchemiser} command line. */
@Command(name = "alchemiser", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Event-driven trading workflow engine: strategies in, orders out.",
    subcommands = {RunCommand.class, ServeCommand.class, SignalsCommand.class, ConvertCommand.class, BacktestCommand.class, BenchCommand.class, BenchNodeCommand.class, JournalCommands.History.class,
        JournalCommands.Show.class, JournalCommands.DeadLetters.class, ReplayCommand.class, ScheduleCommand.class, ConfigCommand.class, JournalCommands.Group.class, CertsCommand.class, ClusterDemoCommand.class, TradingCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:completed", "1:workflow failed", "2:workflow timed out", "64:bad usage", "65:market data error", "66:strategy file error", "70:internal error", "74:damaged journal (alchemiser journal recover)", "78:bad config"})
public final class Main extends CommandGroup {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    withExitCodes(commandLine);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
          // Never a stack trace for a user: one line, and the details in the log.
          cmd.getErr().println("error: " + e.getMessage());
          org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
          return ExitCodes.forException(e);
        });
    return commandLine.execute(args);
  }

  private static void withExitCodes(CommandLine commandLine) {
    commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE).exitCodeOnExecutionException(ExitCodes.SOFTWARE);
    commandLine.getSubcommands().values().forEach(Main::withExitCodes);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"alchemiser " + (version == null ? "development build" : version)};
    }
  }
}
