package io.alchemiser.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code bench} measures one row, the same for every row: a first round dropped, warm-up rounds
 * until the JIT of every JVM of the row is nearly quiet, then the maximum rate with K in flight (CPU,
 * allocation, GC and JIT per JVM over that window), the latency in an open loop at half that rate and
 * at the mode's common rate, and the messages per workflow in a round of their own.
 */
public final class RowMeasurement {
  /**
   * The rate every row of a mode is also driven at for its latency (rows that cannot sustain it with a
   * quarter to spare are left out): below the orchestrated rows' maximum on a 2-core machine.
   */
  private static final double LOCAL_COMMON_RATE = 2_000;
  private static final double CLUSTER_COMMON_RATE = 100;
  /**
   * Warm-up rounds after the first, at most, while this JVM's JIT compiles for more than a twentieth
   * of a round. The cluster's orchestrated row needed 14 on 6 December 2026 (its JVM still compiling
   * for 2-3 s of each round until the 6th); raw rows are quiet after about 4.
   */
  private static final int MAX_EXTRA_WARM_UPS = 20;

  private final boolean quick;

  public RowMeasurement(boolean quick) {
    this.quick = quick;
  }

  private double warmup() {
    return quick ? 1.5 : 3;
  }

  private double window() {
    return quick ? 3 : 10;
  }

  public BenchReport.Row measure(String name, String mode, LoadRunner runner, int inFlight, BenchReport.Row raw, JvmProbe self,
                                  List<JvmProbe.Remote> others) {
    System.err.printf(Locale.ROOT, "%s (%s): warming up%n", name, mode);
    // The first round is measured as the window will be, and the result dropped: the window then takes
    // no path the warm-up did not. Asking a member JVM for its usage opened connections between JVMs
    // that the row had not used and sent bodies of a type the row had not, and the deoptimizations
    // this caused kept the JIT compiling for 2-4 s of the raw row's window (async-profiler, JFR).
    others.forEach(JvmProbe.Remote::startUsage);
    self.startUsage();
    LoadRunner.Figures first = runner.closedLoop(inFlight, warmup());
    self.stopUsage(first.completed());
    others.forEach(other -> other.stopUsage(first.completed()));
    // Then until the JIT is nearly quiet (bounded): a cluster row's JVM was still compiling for the
    // whole of a 10 s window after the first warm-up (raw at 14,000/s there, 30,000/s warm).
    // Every JVM of the row: a member still compiling slows the row as much as the driver's JIT does.
    java.util.function.Supplier<long[]> compiledByJvm = () -> java.util.stream.LongStream.concat(
        java.util.stream.LongStream.of(ResourceMeter.compiledMs()),
        others.stream().mapToLong(JvmProbe.Remote::compiledMs)).toArray();
    ResourceMeter.warmUntilJitQuiet(quick ? 0 : MAX_EXTRA_WARM_UPS, 1.0 / 20, compiledByJvm,
        () -> runner.closedLoop(inFlight, warmup()), warming -> (long) (warmup() * 1000), (warming, compiled) -> System.err.printf(
            Locale.ROOT, "%s (%s): still warming up, %.0f workflows/s, the JIT compiling for %d ms%s%n", name, mode, warming.perSecond(), compiled,
            others.isEmpty() ? "" : " in the busiest JVM"));
    others.forEach(JvmProbe.Remote::startUsage);
    self.startUsage();
    LoadRunner.Figures max = runner.closedLoop(inFlight, window());
    ResourceMeter.Usage usage = self.stopUsage(max.completed());
    List<ResourceMeter.Usage> otherUsage = others.stream().map(other -> other.stopUsage(max.completed())).toList();
    double half = Math.max(1, max.perSecond() / 2);
    LoadRunner.Figures atHalf = runner.openLoop(half, window());
    double ratio = raw == null ? 1.0 : max.perSecond() / raw.max().perSecond();
    double commonRate = mode.equals("cluster") ? CLUSTER_COMMON_RATE : LOCAL_COMMON_RATE;
    BenchReport.Common atCommon = name.startsWith("full") || max.perSecond() < commonRate * 1.25 ? null
        : new BenchReport.Common(commonRate, runner.openLoop(commonRate, window()));
    // The messages, in a round of their own: the interceptors that count them cost a little on each.
    long counted = Math.max(50, Math.min(20_000, (long) (max.perSecond() * (quick ? 0.5 : 1))));
    others.forEach(JvmProbe.Remote::startCounting);
    self.startCounting();
    long workflows = runner.count(inFlight, counted).completed();
    // The last workflows' trailing messages (their end notices to other listeners) are still on their way.
    BenchNodes.pause(300);
    JvmProbe.Traffic traffic = self.stopCounting(workflows);
    List<BenchReport.Member> members = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      members.add(new BenchReport.Member(others.get(i).name(), otherUsage.get(i), others.get(i).stopCounting(workflows)));
    }
    System.err.printf(Locale.ROOT, "%s (%s): %.0f workflows/s with %d in flight (%.1f µs CPU and %.1f KiB allocated per workflow, "
            + "%d GCs, longest pause %d ms, JIT compiling %d ms); at %.0f/s p50 %.2f ms p99 %.2f ms%n",
        name, mode, max.perSecond(), inFlight, usage.cpuMicrosPerWorkflow(), usage.bytesPerWorkflow() / 1024, usage.gcCount(),
        usage.longestGcPauseMs(), usage.jitCompileMs(), half, atHalf.p50Ms(), atHalf.p99Ms());
    return new BenchReport.Row(name, mode, max, atHalf, ratio, usage, null, atCommon, traffic, members);
  }
}
