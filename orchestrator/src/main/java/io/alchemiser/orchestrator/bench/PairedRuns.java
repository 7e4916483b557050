package io.alchemiser.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrated no-op row's ratios to the raw and raw-events baselines, each from several rounds
 * of fresh JVMs run one after another (locally: raw, raw-events and orchestrated-noop each in a JVM
 * of its own, in that order, round after round; on the cluster: one {@code bench --only cluster} per
 * round, whose three rows share their cluster), printed as median and range against the goals.
 */
public final class PairedRuns {
  /** How long one child run may take before the round is given up on. */
  private static final long CHILD_TIMEOUT_MINUTES = 20;

  private PairedRuns() {
  }

  /** A goal: the orchestrated row's rate at least {@code share} of {@code baseline}'s. */
  private record Goal(String baseline, double share) {
  }

  /** {@code eventLoops}: each JVM's event loops (null for Vert.x's default). */
  public static void run(String mainClass, int rounds, boolean quick, boolean cluster, Integer eventLoops, Path work) throws Exception {
    List<String> parts = cluster ? List.of("cluster") : List.of("raw", "raw-events", "orchestrated-noop");
    List<Goal> goals = cluster ? List.of(new Goal("raw", 0.5), new Goal("raw-events", 0.5))
        : List.of(new Goal("raw-events", 0.5), new Goal("raw", 0.3));
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<Double>> commonP99 = new LinkedHashMap<>();
    double commonRate = 0;
    for (int round = 1; round <= rounds; round++) {
      Map<String, Double> rate = new LinkedHashMap<>();
      for (String part : parts) {
        Path json = work.resolve("round-" + round + "-" + part + ".json");
        child(mainClass, part, quick, eventLoops, json, work.resolve("round-" + round + "-" + part + ".log"));
        for (JsonNode row : Json.MAPPER.readTree(json.toFile()).path("results")) {
          rate.put(row.path("name").asText(), row.path("workflowsPerSecond").asDouble());
          if (row.hasNonNull("p99MsAtCommonRate")) {
            commonP99.computeIfAbsent(row.path("name").asText(), k -> new ArrayList<>()).add(row.path("p99MsAtCommonRate").asDouble());
            commonRate = row.path("commonRatePerSecond").asDouble();
          }
        }
      }
      for (Map.Entry<String, Double> entry : rate.entrySet()) {
        rates.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue());
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", round));
      for (Goal goal : goals) {
        double ratio = rate.get("orchestrated-noop") / rate.get(goal.baseline());
        ratios.computeIfAbsent(goal.baseline(), k -> new ArrayList<>()).add(ratio);
        line.append(String.format(Locale.ROOT, " orchestrated-noop/%s %.3f", goal.baseline(), ratio));
      }
      System.err.println(line.append(" (").append(rate).append(")"));
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%s, %d rounds of fresh JVMs%s%s:%n", cluster ? "cluster" : "local",
        rounds, quick ? " (quick)" : "", eventLoops == null ? "" : ", " + eventLoops + " event loop" + (eventLoops == 1 ? "" : "s")));
    for (Map.Entry<String, List<Double>> entry : rates.entrySet()) {
      List<Double> p99 = commonP99.get(entry.getKey());
      out.append(String.format(Locale.ROOT, "  %-18s workflows/s %s%s%n", entry.getKey(), summary(entry.getValue(), "%.0f"),
          p99 == null ? "" : String.format(Locale.ROOT, "; p99 at %.0f/s %s ms", commonRate, summary(p99, "%.2f"))));
    }
    for (Goal goal : goals) {
      List<Double> values = ratios.get(goal.baseline());
      double median = median(values);
      out.append(String.format(Locale.ROOT, "  orchestrated-noop / %-10s %s; goal >= %.1f: %s%n", goal.baseline(), summary(values, "%.3f"),
          goal.share(), median >= goal.share() ? "met" : "missed"));
    }
    System.out.print(out);
  }

  private static void child(String mainClass, String part, boolean quick, Integer eventLoops, Path json, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(PairedRuns.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", jar, mainClass, "bench", "--only", part, "--json", json.toString()));
    if (quick) {
      command.add("--quick");
    }
    if (eventLoops != null) {
      command.addAll(List.of("--event-loops", eventLoops.toString()));
    }
    System.err.println("fresh JVM: bench --only " + part + (quick ? " --quick" : "") + (eventLoops == null ? "" : " --event-loops " + eventLoops));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("bench --only " + part + " did not finish in " + CHILD_TIMEOUT_MINUTES + " minutes; see " + log);
    }
    if (process.exitValue() != 0 || !Files.isRegularFile(json)) {
      throw new IllegalStateException("bench --only " + part + " failed (exit " + process.exitValue() + "); see " + log);
    }
  }

  private static String summary(List<Double> values, String format) {
    List<Double> sorted = values.stream().sorted().toList();
    return String.format(Locale.ROOT, "median " + format + " (range " + format + "-" + format + ")", median(values), sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
