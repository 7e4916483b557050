package io.alchemiser.strategy.symphony.syntax;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where symphonies are read and evaluated: threads with a stack deep enough for the deepest tree
 * the parser accepts. Reading and evaluating walk the tree recursively (the tree's shape is the
 * code's shape); real exports nest close to 300 levels and the parser allows {@value SymphonyParser#MAX_DEPTH},
 * more than the default thread stack holds. The work is CPU-bound, so it also keeps evaluations off
 * the event loop.
 */
public final class DeepStack {
  /** Bytes of stack per thread: measured at about 1.5 KiB per nesting level, with ample room. */
  private static final long STACK_BYTES = 256L << 20;
  /** Shallower trees run on the caller's thread: the default stack holds them with room to spare. */
  public static final int SHALLOW = 120;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
      task -> {
        Thread thread = new Thread(null, task, "alchemiser-symphony-" + THREADS.incrementAndGet(), STACK_BYTES);
        thread.setDaemon(true);
        return thread;
      });

  private DeepStack() {
  }

  /** Runs the work off the event loop on a deep-stack thread; the future completes on the caller's context. */
  public static <T> Future<T> submit(Context context, Supplier<T> work) {
    Promise<T> promise = Promise.promise();
    EXECUTOR.execute(() -> {
      try {
        T result = work.get();
        context.runOnContext(v -> promise.complete(result));
      } catch (RuntimeException | StackOverflowError e) {
        context.runOnContext(v -> promise.fail(e instanceof StackOverflowError ? new IllegalStateException("symphony too deep", e) : e));
      }
    });
    return promise.future();
  }

  /** Runs the work here when the tree is shallow or this thread is deep already; otherwise on a deep-stack thread, waiting. */
  public static <T> T call(int depth, Supplier<T> work) {
    if (depth <= SHALLOW || Thread.currentThread().getName().startsWith("alchemiser-symphony-")) {
      return work.get();
    }
    try {
      return EXECUTOR.submit(work::get).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evaluating a symphony", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
