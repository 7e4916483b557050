package io.alchemiser.shared.config;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exponential backoff with full jitter: attempt k waits a random time up to
 * min(cap, base × multiplier^(k−1)). Only failures the predicate calls retryable are retried.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, double multiplier, Duration maxDelay) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5));

  public RetryPolicy {
    if (maxAttempts < 1 || multiplier < 1 || baseDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry policy needs maxAttempts >= 1, multiplier >= 1 and non-negative delays");
    }
  }

  public static RetryPolicy from(ConfigReader section, RetryPolicy fallback) {
    return new RetryPolicy(
        section.positiveInt("maxAttempts", fallback.maxAttempts()),
        Duration.ofMillis(section.positiveLong("baseDelayMs", fallback.baseDelay().toMillis())),
        section.decimal("multiplier", java.math.BigDecimal.valueOf(fallback.multiplier())).doubleValue(),
        Duration.ofMillis(section.positiveLong("maxDelayMs", fallback.maxDelay().toMillis())));
  }

  /** The delay before attempt {@code attempt} (2 for the first retry). */
  public long delayMillis(int attempt) {
    double ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(multiplier, attempt - 2));
    return Math.max(1, (long) (ThreadLocalRandom.current().nextDouble() * ceiling));
  }

  public <T> Future<T> run(Vertx vertx, Supplier<Future<T>> action, Predicate<Throwable> retryable, RetryListener listener) {
    Promise<T> promise = Promise.promise();
    attempt(vertx, action, retryable, listener, 1, promise);
    return promise.future();
  }

  private <T> void attempt(Vertx vertx, Supplier<Future<T>> action, Predicate<Throwable> retryable, RetryListener listener,
                           int attempt, Promise<T> promise) {
    Future<T> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      if (done.succeeded()) {
        promise.complete(done.result());
      } else if (attempt < maxAttempts && retryable.test(done.cause())) {
        long delay = delayMillis(attempt + 1);
        listener.retrying(attempt + 1, delay, done.cause());
        vertx.setTimer(delay, t -> attempt(vertx, action, retryable, listener, attempt + 1, promise));
      } else {
        promise.fail(done.cause());
      }
    });
  }

  /** Told about each retry: which attempt comes next, after how long, and why. */
  @FunctionalInterface
  public interface RetryListener {
    void retrying(int nextAttempt, long delayMillis, Throwable cause);
  }
}
