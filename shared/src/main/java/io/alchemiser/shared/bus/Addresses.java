package io.alchemiser.shared.bus;

/** Event-bus addresses, all in one place so that every node of a cluster agrees on them. */
public final class Addresses {
  /**
   * The events' address: each event is published to one of its {@link #EVENT_LANES} lanes,
   * {@code alchemiser.events.<lane>}, the lane chosen by the workflow's correlation id (its
   * {@code String.hashCode}, the same in every JVM), so that all events of one workflow take one lane,
   * in order, and an orchestrator's partition takes its lanes straight off the bus on its own event
   * loop instead of having each event handed to it from another. Observers of every event
   * ({@link EventSubscription#everyEvent}) listen on every lane and on this bare address, where a
   * message sent by hand (or by a node of a version before lanes) still reaches them. Observers filter
   * on the event-type header.
   */
  public static final String EVENTS = "alchemiser.events";
  /** How many lanes the events are spread over: the most partitions an orchestrator can use. Every node must agree on it. */
  public static final int EVENT_LANES = 16;
  private static final String[] LANES = new String[EVENT_LANES];

  static {
    for (int lane = 0; lane < EVENT_LANES; lane++) {
      LANES[lane] = EVENTS + "." + lane;
    }
  }
  /**
   * Published by the orchestrator as workflows end: {@code {"ended": [{"correlationId", "deadline",
   * "status"}, ...]}}, one message for the runs that end while a partition's loop has other work queued.
   */
  public static final String WORKFLOW_ENDED = "alchemiser.workflow.ended";
  /** Prefix of the point-to-point address of the module that acts on an event type. */
  public static final String HANDLE_PREFIX = "alchemiser.handle.";
  /** Requests of the workflow client API; the action is in the {@link Headers#ACTION} header. */
  public static final String ORCHESTRATOR = "alchemiser.orchestrator";
  /** Starts handed by one orchestrator to the one that decides starts in the cluster (the holder of the start lease). */
  public static final String ORCHESTRATOR_STARTS = "alchemiser.orchestrator.starts";
  /** Evaluates strategies sent in the request without starting a workflow (the signals command). */
  public static final String STRATEGY_EVALUATE = "alchemiser.strategy.evaluate";
  /** Messages that were not valid events, sent here by the module that refused them, kept by the orchestrator. */
  public static final String DEAD_LETTERS = "alchemiser.dead-letters";
  /** Request: the dead letters kept, newest first ({@code {"limit": n}}). */
  public static final String DEAD_LETTERS_LIST = "alchemiser.dead-letters.list";
  /** Plans a rebalance for an allocation and an account sent in the request, placing nothing (replay). */
  public static final String PORTFOLIO_PLAN = "alchemiser.portfolio.plan";
  /** The broker's market clock: {@code {"open": bool, "nextOpen": "..."}}. */
  public static final String BROKER_CLOCK = "alchemiser.broker.clock";
  /** The trading schedule of the orchestrators: entries, next fire times, last ticks. */
  public static final String SCHEDULE = "alchemiser.schedule";
  /** Account snapshot with prices, answered by the execution module's broker. */
  public static final String BROKER_ACCOUNT = "alchemiser.broker.account";
  /** Which account the broker trades: {@code {"broker": "paper", "account": "paper:/data/paper-broker"}}. */
  public static final String BROKER_IDENTITY = "alchemiser.broker.identity";
  /** The account as the portfolio module sees it: cash, equity, positions with prices and values. */
  public static final String PORTFOLIO_ACCOUNT = "alchemiser.portfolio.account";
  /** A halt or a resume of trading ({@code TradingHalt} as JSON), sent to one notifications module to tell people. */
  public static final String TRADING_HALT_NOTICES = "alchemiser.trading.halt-notices";
  /** Published with an account's name whenever its lease is released, so that waiters try at once. */
  public static final String ACCOUNT_LEASE_RELEASED = "alchemiser.account-lease.released";

  private Addresses() {
  }

  /** The lane of a workflow's events. */
  public static int eventLane(String correlationId) {
    return Math.floorMod(correlationId.hashCode(), EVENT_LANES);
  }

  /** The address a workflow's events are published to. */
  public static String events(String correlationId) {
    return LANES[eventLane(correlationId)];
  }

  /** The address of lane {@code lane}. */
  public static String eventLane(int lane) {
    return LANES[lane];
  }
}
