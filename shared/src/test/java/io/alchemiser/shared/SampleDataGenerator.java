package io.alchemiser.shared;


import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the synthetic sample bars bundled in shared/src/main/resources/alchemiser/sample-data.
 * They are NOT real market history: correlated random walks from a fixed seed, with factor loadings
 * and volatilities chosen to look like the ETFs they are named after, leveraged ETFs moving as a
 * daily multiple of their index less a fee, and a slowly changing volatility regime shared by all.
 *
 * <p>Re-generate with {@code ./mvnw -q -pl shared test-compile exec:java} is not needed: run
 * {@code SampleDataTest} with {@code -Dalchemiser.regenerate=true}, which writes the files; without
 * it the test checks that the committed files are exactly what this generator makes.
 */
public final class SampleDataGenerator {
  static final long SEED = 20_221_101L;
  static final LocalDate FIRST = LocalDate.of(2022, 1, 3);
  static final LocalDate LAST = LocalDate.of(2025, 10, 31);
  private static final double DAYS = 252.0;

  private SampleDataGenerator() {
  }

  /** Ticker → CSV text, in a fixed order. */
  public static Map<String, String> generate() {
    Random random = new Random(SEED);
    List<LocalDate> dates = tradingDays();
    String[] names = {"SPY", "QQQ", "IWM", "XLK", "XLE", "XLU", "SOXX", "TLT", "IEF", "GLD", "BIL",
        "UPRO", "TQQQ", "SQQQ", "TMF", "SOXL", "UVXY"};
    double[] start = {470, 400, 225, 175, 55, 70, 560, 145, 105, 170, 91.5, 75, 80, 30, 30, 60, 40};
    double[] price = start.clone();
    Map<String, StringBuilder> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, new StringBuilder("date,open,high,low,close,volume\n"));
    }
    double regime = 0; // log of the volatility multiplier, AR(1)
    for (LocalDate date : dates) {
      regime = 0.97 * regime + 0.17 * random.nextGaussian() * StrictMath.sqrt(1 - 0.97 * 0.97) * 2;
      double v = StrictMath.exp(regime);
      double mkt = daily(0.09, 0.16 * v, random);
      double tech = daily(0.02, 0.09 * v, random);
      double small = daily(-0.01, 0.10 * v, random);
      double energy = daily(0.03, 0.22 * v, random);
      double util = daily(0.01, 0.10 * v, random);
      double semi = daily(0.03, 0.15 * v, random);
      double rates = daily(-0.01, 0.13 * StrictMath.sqrt(v), random);
      double gold = daily(0.06, 0.14, random);
      double[] r = new double[names.length];
      r[0] = mkt;
      r[1] = 1.15 * mkt + tech;
      r[2] = 1.1 * mkt + small;
      r[3] = 1.2 * mkt + 0.9 * tech + daily(0, 0.04, random);
      r[4] = 0.8 * mkt + energy;
      r[5] = 0.45 * mkt + util;
      r[6] = 1.4 * mkt + 1.2 * tech + semi;
      r[7] = -0.2 * mkt + rates;
      r[8] = -0.08 * mkt + 0.45 * rates + daily(0.005, 0.015, random);
      r[9] = 0.05 * mkt + gold;
      r[10] = 0.04 / DAYS + 0.0002 * random.nextGaussian();
      r[11] = 3 * r[0] - 0.0091 / DAYS;
      r[12] = 3 * r[1] - 0.0086 / DAYS;
      r[13] = -3 * r[1] - 0.0095 / DAYS;
      r[14] = 3 * r[7] - 0.0106 / DAYS;
      r[15] = 3 * r[6] - 0.0090 / DAYS;
      r[16] = -3.2 * mkt - 0.0022 + daily(0, 0.25 * v, random);
      for (int i = 0; i < names.length; i++) {
        double ret = Math.max(r[i], -0.6);
        double previous = price[i];
        double close = previous * (1 + ret);
        double dailyVol = Math.abs(ret) + 0.004 * v;
        double open = previous * (1 + 0.3 * ret + 0.002 * random.nextGaussian());
        double high = Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * 0.35 * dailyVol);
        double low = Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * 0.35 * dailyVol);
        long volume = Math.round(1_000_000 * (1 + i % 5) * StrictMath.exp(0.3 * random.nextGaussian()) * v);
        price[i] = close;
        out.get(names[i]).append(date).append(',')
            .append(money(open)).append(',').append(money(high)).append(',')
            .append(money(low)).append(',').append(money(close)).append(',')
            .append(volume).append('\n');
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    out.forEach((name, text) -> files.put(name + ".csv", text.toString()));
    files.put("tickers.txt", String.join("\n", names) + "\n");
    return files;
  }

  private static double daily(double annualDrift, double annualVol, Random random) {
    return annualDrift / DAYS + annualVol / StrictMath.sqrt(DAYS) * random.nextGaussian();
  }

  private static String money(double value) {
    return BigDecimal.valueOf(Math.max(value, 0.01)).setScale(value < 10 ? 4 : 2, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Weekdays between FIRST and LAST: the sample data has no holiday calendar. */
  static List<LocalDate> tradingDays() {
    return FIRST.datesUntil(LAST.plusDays(1))
        .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY)
        .toList();
  }

  public static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> file : generate().entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
