package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The symphonies traders bring, through the fat jar as a user runs it: a Composer JSON export
 * evaluated and converted, a damaged one refused with exit 66 and where, and a monthly symphony in
 * full workflows that rebalances on the first trading day of a month and holds on the next.
 */
class RealSymphoniesIT {
  private static final Path EXAMPLES = Path.of("../config/strategies").toAbsolutePath().normalize();
  private Path work;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createTempDirectory("alchemiser-symphonies");
    env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString());
  }

  @Test
  void aComposerExportEvaluatesAndConvertsToTheSameSymphony() throws Exception {
    String json = EXAMPLES.resolve("all-weather-groups.json").toString();
    JarProcess.Result signals = JarProcess.run(work, env, "signals", "--json", "--strategy", json);
    assertThat(signals.exitCode()).as(signals.stderr()).isZero();
    JsonNode fromJson = Json.MAPPER.readTree(signals.stdout());
    assertThat(fromJson.at("/strategies/0/trace/0").asText()).contains("weight-inverse-volatility(42): group \"Equities\" stdev=");

    JarProcess.Result converted = JarProcess.run(work, env, "convert", json);
    assertThat(converted.exitCode()).as(converted.stderr()).isZero();
    assertThat(converted.stdout()).startsWith("(defsymphony \"All-weather groups\"");
    Path clj = work.resolve("all-weather-groups.clj");
    Files.writeString(clj, converted.stdout());
    JarProcess.Result again = JarProcess.run(work, env, "signals", "--json", "--strategy", clj.toString());
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(Json.MAPPER.readTree(again.stdout()).get("allocation")).isEqualTo(fromJson.get("allocation"));
  }

  @Test
  void aDamagedFileIsRefusedWithWhereItIsWrong() throws Exception {
    Path damaged = work.resolve("damaged.json");
    Files.writeString(damaged, "{\"step\": \"root\",\n  \"name\": }");
    JarProcess.Result result = JarProcess.run(work, env, "signals", "--strategy", damaged.toString());
    assertThat(result.exitCode()).isEqualTo(66);
    assertThat(result.stderr()).contains(damaged + ":2:11: not valid JSON").doesNotContain("at io.");
    Path unknown = work.resolve("unknown.json");
    Files.writeString(unknown, "{\"step\": \"root\", \"name\": \"x\", \"children\": [{\"step\": \"wt-cash-equal\", \"children\": "
        + "[{\"step\": \"wt-marketcap\", \"children\": []}]}]}");
    JarProcess.Result converted = JarProcess.run(work, env, "convert", unknown.toString());
    assertThat(converted.exitCode()).isEqualTo(66);
    assertThat(converted.stderr()).contains(unknown + ":$.children[0].children[0]: unknown step \"wt-marketcap\"");
  }

  /**
   * The monthly example (a filter over groups) through {@code alchemiser backtest} on the bundled
   * sample data: it trades on its first day and on the first trading day of February, March and
   * April only; the same symphony rebalanced daily trades on most days (a backtest's threshold is 0).
   */
  @Test
  void aMonthlyFilterOverGroupsBacktestsTradingOnlyWhenItsPeriodBegins() throws Exception {
    JsonNode monthly = backtest(EXAMPLES.resolve("sector-rotation.clj"));
    assertThat(monthly.get("days").asInt()).isEqualTo(84);
    Path daily = work.resolve("sector-rotation-daily.clj");
    Files.writeString(daily, Files.readString(EXAMPLES.resolve("sector-rotation.clj")).replace(":monthly", ":daily"));
    JsonNode everyDay = backtest(daily);
    // Four rebalances of up to four positions each, against a rebalance on each of 84 days.
    assertThat(monthly.get("trades").asInt()).isBetween(4, 20);
    assertThat(everyDay.get("trades").asInt()).isGreaterThan(84);
  }

  private JsonNode backtest(Path strategy) throws Exception {
    JarProcess.Result result = JarProcess.run(work, env, "backtest", "--json", "--strategy", strategy.toString(),
        "--from", "2023-01-03", "--to", "2023-04-28");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return Json.MAPPER.readTree(result.stdout());
  }

  /** Randomly damaged files of both kinds, through the command a user runs: exit 66 with the file and where, never a crash. */
  @Test
  void fuzzedFilesGetExit66WithFileAndPosition() throws Exception {
    java.util.Random random = new java.util.Random(5);
    for (String example : List.of("all-weather-groups.json", "sector-rotation.clj", "all-weather-groups.json", "trend-momentum.clj")) {
      String text = Files.readString(EXAMPLES.resolve(example));
      StringBuilder damaged = new StringBuilder(text);
      for (int i = 0; i < 3; i++) {
        int at = random.nextInt(damaged.length());
        damaged.replace(at, Math.min(damaged.length(), at + 1 + random.nextInt(4)), String.valueOf("{[(\"]:)}".charAt(random.nextInt(8))));
      }
      Path file = work.resolve("fuzzed-" + random.nextInt(1000) + "-" + example);
      Files.writeString(file, damaged);
      JarProcess.Result result = JarProcess.run(work, env, "signals", "--strategy", file.toString());
      assertThat(result.exitCode()).as(file + "\n" + damaged + "\n" + result.stderr()).isEqualTo(66);
      assertThat(result.stderr()).as(file.toString()).matches("(?s)error: " + java.util.regex.Pattern.quote(file.toString())
          + ":(\\d+:\\d+|\\$[^:]*): .*").doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  /**
   * December 2025 begins on Monday the 1st: a workflow on that day's bars rebalances a monthly
   * symphony (it buys); one on the 2nd's holds, every line HOLD and the plan saying why.
   */
  @Test
  void aMonthlySymphonyRebalancesOnTheFirstTradingDayOfTheMonthAndHoldsOnTheNext() throws Exception {
    Path strategy = work.resolve("monthly.clj");
    Files.writeString(strategy, """
        (defsymphony "Monthly groups" {:rebalance-frequency :monthly}
          (filter (cumulative-return {:window 5}) (select-top 1)
            [(group "Stocks" [(asset "SPY") (asset "BRK/B")]) (group "Bonds" [(asset "TLT")])]))
        """);
    JsonNode first = run(strategy, LocalDate.of(2025, 12, 1));
    assertThat(first.at("/completionStatus").asText()).isEqualTo("completed");
    assertThat(first.at("/rebalancePlan/holdReason").isMissingNode()).isTrue();
    assertThat(first.at("/ordersExecuted").size()).isGreaterThan(0);
    assertThat(first.at("/strategySignals/strategies/0/holding").isMissingNode()).isTrue();

    JsonNode next = run(strategy, LocalDate.of(2025, 12, 2));
    assertThat(next.at("/completionStatus").asText()).as(next.toString()).isEqualTo("completed");
    assertThat(next.at("/strategySignals/strategies/0/holding").asText()).contains("monthly: holds the allocation chosen on 2025-12-01");
    assertThat(next.at("/rebalancePlan/holdReason").asText()).startsWith("no strategy's rebalance period begins: Monthly groups monthly:");
    assertThat(next.at("/rebalancePlan/trades")).allSatisfy(line -> assertThat(line.get("action").asText()).isEqualTo("HOLD"));
    assertThat(next.at("/ordersExecuted").size()).isZero();
  }

  /** One workflow through {@code alchemiser run} on CSV bars up to {@code lastDay} (SPY rising, BRK.B and TLT flat). */
  private JsonNode run(Path strategy, LocalDate lastDay) throws Exception {
    Path bars = Files.createDirectories(work.resolve("bars-" + lastDay));
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = lastDay; days.size() < 30; d = d.minusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !d.equals(LocalDate.of(2025, 11, 27))) {
        days.add(0, d);
      }
    }
    StringBuilder spy = new StringBuilder("date,open,high,low,close,volume\n");
    StringBuilder brk = new StringBuilder("date,open,high,low,close,volume\n");
    StringBuilder tlt = new StringBuilder("date,open,high,low,close,volume\n");
    for (int i = 0; i < days.size(); i++) {
      spy.append(days.get(i)).append(",1,1,1,").append(400 + i).append(",10\n");
      brk.append(days.get(i)).append(",1,1,1,").append(450).append(",10\n");
      tlt.append(days.get(i)).append(",1,1,1,").append(90).append(",10\n");
    }
    Files.writeString(bars.resolve("SPY.csv"), spy);
    // The class share's file carries Alpaca's spelling, whichever the symphony writes.
    Files.writeString(bars.resolve("BRK.B.csv"), brk);
    Files.writeString(bars.resolve("TLT.csv"), tlt);
    Path config = work.resolve("config-" + lastDay + ".yaml");
    Files.writeString(config, """
        marketData:
          provider: csv
          dir: %s
        strategy:
          strategies:
            - file: %s
        """.formatted(bars, strategy));
    JarProcess.Result result = JarProcess.run(work, env, "run", "--json", "--config", config.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return Json.MAPPER.readTree(result.stdout());
  }
}
