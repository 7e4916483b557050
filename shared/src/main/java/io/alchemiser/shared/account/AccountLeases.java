package io.alchemiser.shared.account;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebalance per broker account at a time, across every JVM of a cluster. A workflow that will
 * trade takes its account's lease before it reads the account to plan, and the execution module
 * takes the lease over when it receives the plan and releases it after the last order is settled;
 * another workflow on the same account waits, then plans against the account as the first left it.
 *
 * <p>The leases live in a cluster-wide map (a local one without a cluster), one entry per account,
 * changed only by compare-and-set. A lease names the cluster node that holds it: when that node has
 * left the cluster (killed, say), the lease counts as free as soon as the cluster manager no longer
 * lists the node — the cluster's own failure detection — and the next waiter takes it. Waiters
 * are woken by a publish when a lease is released, and look again twice a second in any case.
 * One instance per verticle: its methods run on that verticle's event loop.
 */
public final class AccountLeases {
  private static final Logger LOG = LoggerFactory.getLogger(AccountLeases.class);
  private static final long POLL_MS = 500;

  private final Vertx vertx;
  private Future<AsyncMap<String, String>> holders;
  private Future<AsyncMap<String, String>> waiters;
  private final AlchemiserMetrics metrics;
  private final String nodeName;
  private final Map<String, List<Runnable>> wakeUps = new HashMap<>();
  private MessageConsumer<String> released;

  private AccountLeases(Vertx vertx, AlchemiserMetrics metrics, String nodeName) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.nodeName = nodeName;
  }

  /** Leases for a verticle on {@code vertx}; call from its {@code start}, and {@link #close()} in its stop. */
  public static Future<AccountLeases> start(Vertx vertx, AlchemiserMetrics metrics, String nodeName) {
    AccountLeases leases = new AccountLeases(vertx, metrics, nodeName);
    leases.released = vertx.eventBus().consumer(Addresses.ACCOUNT_LEASE_RELEASED, message -> {
      List<Runnable> waiting = leases.wakeUps.remove(message.body());
      if (waiting != null) {
        waiting.forEach(Runnable::run);
      }
    });
    return leases.released.completion().map(v -> leases);
  }

  /** A reader of the leases only (the web module): no consumer to close. */
  public static AccountLeases reader(Vertx vertx) {
    return new AccountLeases(vertx, AlchemiserMetrics.NOOP, "reader");
  }

  public Future<Void> close() {
    return released == null ? Future.succeededFuture() : released.unregister();
  }

  /**
   * Holds {@code account} for the workflow, waiting while another workflow holds it until
   * {@code deadline}; then fails with {@link ErrorCodes#ACCOUNT_BUSY} naming the holder. A workflow
   * that holds the lease already (a retried step) gets it back as it is. Waiting stops, and a lease
   * got is given back, once {@code stillWanted} says no (the workflow has ended meanwhile).
   */
  public Future<AccountLease> acquire(String account, String correlationId, Instant deadline, BooleanSupplier stillWanted) {
    AccountLease wanted = new AccountLease(account, correlationId, AccountLease.Stage.PLANNING, nodeId(), nodeName, Instant.now());
    Promise<AccountLease> result = Promise.promise();
    new Attempt(wanted, deadline, stillWanted, result).run();
    return result.future().compose(lease -> stillWanted.getAsBoolean() ? Future.succeededFuture(lease)
        : release(lease).compose(v -> Future.failedFuture(ended(correlationId))));
  }

  private static WorkflowException ended(String correlationId) {
    return new WorkflowException(ErrorCodes.ACCOUNT_BUSY, "workflow " + correlationId + " ended while it waited for its account; it did not trade");
  }

  /**
   * The execution module's step: the lease the workflow's planning took passes to this node (also
   * when the node that planned has died since). A plan whose workflow holds no lease on the account
   * places nothing: every live plan is made under one, so a plan without it was not made by our
   * portfolio module for this account (or its workflow let the account go); an account another
   * workflow holds fails at once, since this plan was made without it.
   */
  public Future<AccountLease> takeOver(String account, String correlationId) {
    return holders().compose(map -> map.get(account).compose(text -> {
      if (text == null) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.ACCOUNT_BUSY, "workflow " + correlationId
            + " holds no lease on account " + account + ": its plan was not made under the account's lease, so nothing was placed"));
      }
      AccountLease held = AccountLease.decode(text);
      if (!held.correlationId().equals(correlationId)) {
        if (!alive(held.node())) {
          return map.removeIfPresent(account, text).compose(v -> takeOver(account, correlationId));
        }
        return Future.failedFuture(busy(held, correlationId, "took it while this workflow's plan was on its way; nothing was placed"));
      }
      AccountLease moved = held.at(AccountLease.Stage.EXECUTING, nodeId(), nodeName);
      return map.replaceIfPresent(account, text, moved.encode()).compose(swapped -> swapped ? Future.succeededFuture(moved)
          : takeOver(account, correlationId));
    }));
  }

  /** Frees the lease if it is still the one given (a later holder's is never touched), and wakes the waiters. */
  public Future<Void> release(AccountLease lease) {
    return holders().compose(map -> map.get(lease.account()).compose(text -> {
      if (text == null) {
        return Future.succeededFuture(false);
      }
      AccountLease current = AccountLease.decode(text);
      if (!current.correlationId().equals(lease.correlationId()) || current.stage() != lease.stage() || !current.node().equals(lease.node())) {
        return Future.succeededFuture(false);
      }
      return map.removeIfPresent(lease.account(), text);
    })).map(removed -> {
      if (removed) {
        vertx.eventBus().publish(Addresses.ACCOUNT_LEASE_RELEASED, lease.account());
      }
      return (Void) null;
    }).recover(err -> {
      LOG.warn("could not release the lease of account {} held by {}: {}", lease.account(), lease.correlationId(), err.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * Every account held now, with its holder and the workflows waiting for it (see {@link LeaseSnapshot});
   * entries of nodes that have left the cluster are dropped (and removed).
   */
  public Future<JsonArray> snapshot() {
    return holders().compose(held -> waiters().compose(waiting -> LeaseSnapshot.read(held, waiting, this::alive)));
  }

  private final class Attempt implements Runnable {
    private final AccountLease wanted;
    private final Instant deadline;
    private final BooleanSupplier stillWanted;
    private final Promise<AccountLease> result;
    private Instant waitingSince;
    private long timer = -1;
    private boolean queued;

    Attempt(AccountLease wanted, Instant deadline, BooleanSupplier stillWanted, Promise<AccountLease> result) {
      this.wanted = wanted;
      this.deadline = deadline;
      this.stillWanted = stillWanted;
      this.result = result;
    }

    @Override
    public void run() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      queued = false;
      if (!stillWanted.getAsBoolean()) {
        stopWaiting().onComplete(v -> result.tryFail(ended(wanted.correlationId())));
        return;
      }
      holders().compose(map -> map.putIfAbsent(wanted.account(), wanted.encode()).compose(previous -> {
        if (previous == null) {
          return Future.succeededFuture(wanted);
        }
        AccountLease held = AccountLease.decode(previous);
        if (held.correlationId().equals(wanted.correlationId())) {
          return Future.succeededFuture(held);
        }
        if (!alive(held.node())) {
          io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(wanted.correlationId(), () -> LOG.atWarn().addKeyValue("account", held.account())
              .log("account {} was held by workflow {} on node {}, which has left the cluster; the lease is freed",
                  held.account(), held.correlationId(), held.nodeName()));
          return map.removeIfPresent(wanted.account(), previous).map(v -> (AccountLease) null);
        }
        waitFor(held);
        return Future.succeededFuture((AccountLease) null);
      })).onComplete(done -> {
        if (done.failed()) {
          stopWaiting().onComplete(v -> result.tryFail(new WorkflowException(ErrorCodes.BROKER_ERROR,
              "cannot take the lease of account " + wanted.account() + ": " + done.cause().getMessage())));
        } else if (done.result() != null) {
          AccountLease got = done.result();
          if (waitingSince != null) {
            metrics.accountLeaseWait("acquired", Duration.between(waitingSince, Instant.now()));
            long waited = Duration.between(waitingSince, Instant.now()).toMillis();
            io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(wanted.correlationId(), () -> LOG.atInfo().addKeyValue("account", wanted.account())
                .addKeyValue("waitedMs", waited).log("workflow {} got account {} after waiting {} ms", wanted.correlationId(), wanted.account(), waited));
          }
          stopWaiting().onComplete(v -> result.tryComplete(got));
        } else if (!queued && timer < 0) {
          // The holder was gone and its lease removed: try again at once.
          run();
        }
      });
    }

    private void waitFor(AccountLease held) {
      Instant now = Instant.now();
      if (waitingSince == null) {
        waitingSince = now;
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(wanted.correlationId(), () -> LOG.atInfo().addKeyValue("account", wanted.account())
            .addKeyValue("holder", held.correlationId()).log("workflow {} waits for account {}, held by workflow {} ({}) since {}",
                wanted.correlationId(), wanted.account(), held.correlationId(), held.stage().wire(), held.since()));
        waiters().onSuccess(map -> map.put(wanted.correlationId(), new JsonObject().put("account", wanted.account())
            .put("nodeId", wanted.node()).put("node", nodeName).put("since", now.toString()).encode()));
      }
      if (!now.isBefore(deadline)) {
        metrics.accountLeaseWait("timeout", Duration.between(waitingSince, now));
        WorkflowException busy = busy(held, wanted.correlationId(), "held it for as long as this workflow could wait ("
            + Duration.between(waitingSince, now).toSeconds() + " s)");
        stopWaiting().onComplete(v -> result.tryFail(busy));
        return;
      }
      queued = true;
      wakeUps.computeIfAbsent(wanted.account(), a -> new ArrayList<>()).add(this);
      timer = vertx.setTimer(Math.max(1, Math.min(POLL_MS, Duration.between(now, deadline).toMillis())), t -> {
        timer = -1;
        List<Runnable> list = wakeUps.get(wanted.account());
        if (list != null) {
          list.remove(this);
        }
        run();
      });
    }

    private Future<Void> stopWaiting() {
      if (waitingSince == null) {
        return Future.succeededFuture();
      }
      return waiters().compose(map -> map.remove(wanted.correlationId())).<Void>mapEmpty().recover(err -> Future.succeededFuture());
    }
  }

  private static WorkflowException busy(AccountLease held, String correlationId, String what) {
    return new WorkflowException(ErrorCodes.ACCOUNT_BUSY, "account " + held.account() + " is in use: workflow " + held.correlationId()
        + " (" + held.stage().wire() + " on " + held.nodeName() + " since " + held.since() + ") " + what
        + "; workflow " + correlationId + " did not trade");
  }

  // Looked up once: with Infinispan each look-up is a blocking task and a cache-manager call.
  private synchronized Future<AsyncMap<String, String>> holders() {
    if (holders == null || holders.failed()) {
      holders = ClusterMap.ACCOUNT_LEASES.open(vertx);
    }
    return holders;
  }

  private synchronized Future<AsyncMap<String, String>> waiters() {
    if (waiters == null || waiters.failed()) {
      waiters = ClusterMap.ACCOUNT_LEASE_WAITERS.open(vertx);
    }
    return waiters;
  }

  private String nodeId() {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return manager == null ? "local" : manager.getNodeId();
  }

  private boolean alive(String node) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return manager == null || node == null || manager.getNodes().contains(node);
  }
}
