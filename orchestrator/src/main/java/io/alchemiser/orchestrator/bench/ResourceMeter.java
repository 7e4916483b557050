package io.alchemiser.orchestrator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What a measured window cost this JVM: CPU time and bytes allocated by all its threads, its
 * garbage collections (how many, and the longest pause), and the JIT's compile time (the compiler
 * threads' CPU is in the CPU time: a window that still compiles is not yet the path's own cost).
 * Divided by the workflows of the window these are steadier than a rate on a shared machine: they do
 * not depend on what else runs. In a cluster row they are the driver's (and orchestrator's) JVM only.
 */
public final class ResourceMeter {
  /** Per workflow: CPU microseconds and bytes allocated; in the window: GCs, the longest pause, and the JIT's compile time. */
  public record Usage(double cpuMicrosPerWorkflow, double bytesPerWorkflow, long gcCount, long longestGcPauseMs, long jitCompileMs) {
  }

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final AtomicLong longestPause = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private long cpuAtStart;
  private long allocatedAtStart;
  private long gcAtStart;
  private long compiledAtStart;

  /** Starts the window. */
  public ResourceMeter start() {
    longestPause.set(0);
    NotificationListener listener = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        long pause = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo().getDuration();
        longestPause.accumulateAndGet(pause, Math::max);
      }
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException e) {
            // already gone
          }
        });
      }
    }
    cpuAtStart = os.getProcessCpuTime();
    allocatedAtStart = allocated();
    gcAtStart = gcCount();
    compiledAtStart = compiledMs();
    return this;
  }

  /** Ends the window of {@code workflows} completed workflows. */
  public Usage stop(long workflows) {
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    long bytes = allocated() - allocatedAtStart;
    long gcs = gcCount() - gcAtStart;
    long compiled = compiledMs() - compiledAtStart;
    unsubscribe.forEach(Runnable::run);
    unsubscribe.clear();
    long n = Math.max(1, workflows);
    return new Usage(cpu / 1_000.0 / n, (double) bytes / n, gcs, longestPause.get(), compiled);
  }

  /**
   * Runs {@code round} again, at most {@code maxRounds} times, until the JIT compiled for less than
   * {@code quietShare} of a round's {@code length} (ms); {@code report} hears each round and the JIT's
   * compile time in it.
   */
  public static <T> void warmUntilJitQuiet(int maxRounds, double quietShare, java.util.function.Supplier<T> round,
                                           java.util.function.ToLongFunction<T> length, java.util.function.ObjLongConsumer<T> report) {
    warmUntilJitQuiet(maxRounds, quietShare, () -> new long[] {compiledMs()}, round, length, report);
  }

  /**
   * The same over several JVMs: {@code compiled} gives each one's total compile time so far, and a
   * round is quiet when every JVM compiled for less than the share ({@code report} hears the most any did).
   */
  public static <T> void warmUntilJitQuiet(int maxRounds, double quietShare, java.util.function.Supplier<long[]> compiled,
                                           java.util.function.Supplier<T> round, java.util.function.ToLongFunction<T> length,
                                           java.util.function.ObjLongConsumer<T> report) {
    for (int i = 0; i < maxRounds; i++) {
      long[] before = compiled.get();
      T result = round.get();
      long[] after = compiled.get();
      long most = 0;
      for (int jvm = 0; jvm < before.length; jvm++) {
        most = Math.max(most, after[jvm] - before[jvm]);
      }
      report.accept(result, most);
      if (most < length.applyAsLong(result) * quietShare) {
        return;
      }
    }
  }

  /** Total JIT compile time so far (0 where the JVM does not say). */
  public static long compiledMs() {
    java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /** Bytes allocated so far by the threads alive now (a thread that ended in the window is not counted). */
  private long allocated() {
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private static long gcCount() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionCount());
    }
    return total;
  }
}
