package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.SExpr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled symphony: its name, metadata, rebalance threshold (or null), how often it rebalances,
 * its tree of nodes, and how deep that tree is (a deep tree is evaluated on a thread with a deep stack).
 *
 * <p>Nodes are compared by identity wherever they key a map: a record's own equals and hashCode
 * would walk the whole sub-tree, and sub-trees may be a thousand levels deep.
 */
public record Symphony(String name, Map<String, String> metadata, BigDecimal rebalanceThreshold, RebalanceFrequency frequency,
                Node root, Set<String> tickers, int nodeCount, int depth, boolean ranksSubTrees) {

  /**
   * Whether a day's evaluation is light enough for an event loop: a shallow tree that ranks and
   * weighs assets only (no synthetic series to build). A backtest evaluates such days where it
   * stands, sparing each simulated day two thread hops; any other goes to the deep-stack threads.
   */
  public boolean light() {
    return depth <= io.alchemiser.strategy.symphony.syntax.DeepStack.SHALLOW && !ranksSubTrees;
  }

  /** A node of the tree; every node knows where it stands in its file. */
  sealed interface Node {
    SExpr.Position at();

    /** How a trace names it among its siblings: a ticker, a group's name, or the operator and where it stands. */
    default String label() {
      return getClass().getSimpleName() + "@" + at().where();
    }
  }

  record Asset(String ticker, String displayName, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return ticker;
    }
  }

  /** {@code group} and {@code weight-equal}: children weighted equally. */
  record Equal(String label, List<Node> children, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return label.startsWith("group") ? label : label + "@" + at.where();
    }
  }

  /** {@code weight-specified}: fixed weights, already normalized to sum to 1. */
  record Specified(List<Double> weights, List<Node> children, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return "weight-specified@" + at.where();
    }
  }

  /** Children of any kind: an asset by its closes, any other node by its synthetic series (see {@link SyntheticSeries}). */
  record InverseVolatility(int window, List<Node> children, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return "weight-inverse-volatility@" + at.where();
    }
  }

  record If(Condition condition, List<Node> then, List<Node> otherwise, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return "if@" + at.where();
    }
  }

  /** Ranks children of any kind, as {@link InverseVolatility} weighs them. */
  record Filter(Indicator indicator, Window window, boolean top, int count, List<Node> children, SExpr.Position at) implements Node {
    @Override
    public String label() {
      return "filter@" + at.where();
    }
  }

  sealed interface Condition {
    SExpr.Position at();
  }

  record Compare(String operator, Operand left, Operand right, SExpr.Position at) implements Condition {
  }

  record All(List<Condition> conditions, SExpr.Position at) implements Condition {
  }

  record Any(List<Condition> conditions, SExpr.Position at) implements Condition {
  }

  sealed interface Operand {
  }

  record IndicatorValue(Indicator indicator, String ticker, Window window, SExpr.Position at) implements Operand {
    String label() {
      return indicator.dslName() + "(" + ticker + (indicator.takesWindow() ? ", " + window.text() : "") + ")";
    }
  }

  record Constant(double value) implements Operand {
  }
}
