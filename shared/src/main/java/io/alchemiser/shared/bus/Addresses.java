package io.alchemiser.shared.bus;

/** Event-bus addresses, all in one place so that every node of a cluster agrees on them. */
public final class Addresses {
  /** Every event of every workflow is published here; observers filter on the event-type header. */
  public static final String EVENTS = "alchemiser.events";
  /** Published by the orchestrator when a workflow's run ends: {@code {"correlationId", "deadline"}}. */
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
  /** Published with an account's name whenever its lease is released, so that waiters try at once. */
  public static final String ACCOUNT_LEASE_RELEASED = "alchemiser.account-lease.released";

  private Addresses() {
  }
}
