package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.orchestrator.backtest.BacktestRunner;
import io.alchemiser.orchestrator.backtest.StrategyWeights;

import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.marketdata.MarketDataProviders;
import io.alchemiser.shared.client.WorkflowClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alchemiser backtest}: simulates strategies day by day over history, each day a real
 * workflow through the strategy, portfolio and execution modules of this process, on a scratch
 * paper account (see {@link BacktestRunner}).
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Backtest symphony strategies over history through the trading workflow, on a scratch paper account.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:finished", "1:a simulated day failed", "64:bad usage", "65:bad date range, no overlapping data, unknown ticker or too little history",
        "66:strategy file error", "73:--csv cannot be written", "78:bad config"})
final class BacktestCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.StrategyData strategyData;

  @Mixin
  CommonOptions.JsonOutput jsonOption;

  @Mixin
  CommonOptions.ConfigFile configOption;

  @Option(names = "--strategy", paramLabel = "FILE", required = true,
      description = "A symphony file (.clj, or Composer JSON .json), or bundled:strategies/NAME for a shipped example; repeat for several.")
  List<String> strategies;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "First day (inclusive).")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "Last day (inclusive).")
  String to;

  @Option(names = "--cash", paramLabel = "DOLLARS", defaultValue = "100000", description = "Starting cash (default: ${DEFAULT-VALUE}).")
  BigDecimal cash;

  @Option(names = "--threshold", paramLabel = "FRACTION", defaultValue = "0",
      description = "Drift (fraction of equity) under which a position is not traded (default: 0, trade to the exact target daily).")
  BigDecimal threshold;

  @Option(names = "--fee-bps", paramLabel = "N", defaultValue = "0", description = "Fee in basis points of each trade's value.")
  BigDecimal feeBps;

  @Option(names = "--slippage-bps", paramLabel = "N", defaultValue = "0",
      description = "Fills this many basis points worse than the close (up for buys, down for sells).")
  BigDecimal slippageBps;

  @Option(names = "--cash-reserve", paramLabel = "DOLLARS", defaultValue = "0", description = "Dollars kept in cash, never invested.")
  BigDecimal cashReserve;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write the daily series (date, equity, drawdown, buy-and-hold, weights) to FILE.")
  Path csvFile;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    CommandSupport.quietLogs();
    LocalDate first;
    LocalDate last;
    List<BigDecimal> strategyWeights;
    try {
      first = LocalDate.parse(from);
      last = LocalDate.parse(to);
      strategyWeights = StrategyWeights.resolve(strategyData.weights, strategies.size());
    } catch (DateTimeParseException e) {
      err.println("error: bad date '" + e.getParsedString() + "': use YYYY-MM-DD");
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    List<BacktestRunner.StrategyInput> inputs = new ArrayList<>();
    for (int i = 0; i < strategies.size(); i++) {
      String file = strategies.get(i);
      try {
        String source = file.startsWith("bundled:") ? null : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        inputs.add(new BacktestRunner.StrategyInput(file, source, strategyWeights.get(i)));
      } catch (NoSuchFileException e) {
        err.println("error: " + file + ": no such file");
        return ExitCodes.NO_INPUT;
      } catch (IOException | java.nio.file.InvalidPathException e) {
        err.println("error: " + file + ": cannot be read: " + e.getMessage());
        return ExitCodes.NO_INPUT;
      }
    }
    String unwritable = csvFile == null ? null : unwritable(csvFile);
    if (unwritable != null) {
      // Said before the days are simulated, not after.
      err.println("error: --csv " + csvFile + ": " + unwritable);
      return ExitCodes.CANNOT_CREATE;
    }
    AlchemiserRuntime runtime = AlchemiserRuntime.createStandalone();
    Vertx vertx = runtime.vertx();
    try {
      // A bad config (78) or a backtest that cannot run ends in Main's one mapping of failures to exit statuses.
      JsonObject config = BacktestRunner.standaloneConfig(ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await(), strategyData.dir);
      Node.start(vertx, config, runtime.registry()).await();
      BacktestRunner runner = new BacktestRunner(vertx, WorkflowClient.create(vertx),
          MarketDataProviders.create(vertx, ConfigReader.root(config)));
      BacktestRunner.Request request = new BacktestRunner.Request(BacktestRunner.newId(), inputs, first, last, cash,
          threshold, feeBps, slippageBps, cashReserve);
      ProgressBar bar = new ProgressBar(err);
      BacktestResult result;
      try {
        result = runner.run(request, bar::update).await();
      } finally {
        bar.clear();
      }
      if (csvFile != null) {
        try {
          Files.writeString(csvFile, result.csv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          err.println("error: --csv " + csvFile + ": cannot be written (" + e.getMessage() + ")");
          return ExitCodes.CANNOT_CREATE;
        }
      }
      System.out.print(jsonOption.json ? Json.toBuffer(result) + "\n" : summary(result));
      System.out.flush();
      return ExitCodes.COMPLETED;
    } finally {
      vertx.close().await();
    }
  }

  static String summary(BacktestResult r) {
    StringBuilder out = new StringBuilder();
    out.append("Backtest ").append(r.id()).append(": ").append(String.join(", ", r.strategies())).append('\n');
    out.append(String.format("  %-22s %s to %s (%d trading days)%n", "Period", r.firstDay(), r.lastDay(), r.days()));
    out.append(String.format("  %-22s %s (from %s)%n", "Final equity", r.finalEquity().toPlainString(), r.startingCash().toPlainString()));
    out.append(String.format("  %-22s %s %%%n", "Total return", r.totalReturnPct().toPlainString()));
    out.append(String.format("  %-22s %s%n", "CAGR", r.cagrPct() == null ? "n/a" : r.cagrPct().toPlainString() + " %"));
    out.append(String.format("  %-22s %s %%%n", "Max drawdown", r.maxDrawdownPct().toPlainString()));
    out.append(String.format("  %-22s %s%n", "Volatility (annual)", r.annualVolatilityPct() == null ? "n/a" : r.annualVolatilityPct().toPlainString() + " %"));
    out.append(String.format("  %-22s %s%n", "Sharpe", r.sharpe() == null ? "n/a" : r.sharpe().toPlainString()));
    out.append(String.format("  %-22s %d (traded %s, turnover %s)%n", "Trades", r.trades(), r.tradedValue().toPlainString(),
        r.turnover().toPlainString()));
    out.append(String.format("  %-22s %s%n", "Buy & hold, equal wt.", r.buyAndHold().get(r.buyAndHold().size() - 1).get(1)));
    out.append(String.format("  %-22s %d ms (%s days/s)%n", "Simulated in", r.elapsedMs(), r.daysPerSecond().toPlainString()));
    return out.toString();
  }

  /** A one-line bar on stderr, redrawn at most five times a second, for runs long enough to need one. */
  private static final class ProgressBar {
    private final PrintStream out;
    private final long started = System.nanoTime();
    private long drawn;
    private boolean shown;

    ProgressBar(PrintStream out) {
      this.out = out;
    }

    synchronized void update(int done, int total) {
      long now = System.nanoTime();
      if (now - started < 500_000_000L || (now - drawn < 200_000_000L && done < total)) {
        return;
      }
      drawn = now;
      shown = true;
      int width = 30;
      int filled = (int) ((long) width * done / total);
      out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " days");
      out.flush();
    }

    synchronized void clear() {
      if (shown) {
        out.print("\r" + " ".repeat(60) + "\r");
        out.flush();
        shown = false;
      }
    }
  }

  /** Why {@code file} cannot be written, or null. */
  private static String unwritable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      return "is a directory";
    }
    if (dir == null || !Files.isDirectory(dir)) {
      return "its directory " + dir + " does not exist";
    }
    if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
      return "cannot be written (no permission)";
    }
    return null;
  }
}
