package io.alchemiser.strategy.symphony;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compiled symphony: its name, metadata, rebalance threshold (or null) and its tree of nodes. */
public record Symphony(String name, Map<String, String> metadata, BigDecimal rebalanceThreshold, Node root, Set<String> tickers,
                int nodeCount) {

  /** A node of the tree; every node knows where it stands in its file. */
  sealed interface Node {
    SExpr.Position at();
  }

  record Asset(String ticker, String displayName, SExpr.Position at) implements Node {
  }

  /** {@code group} and {@code weight-equal}: children weighted equally. */
  record Equal(String label, List<Node> children, SExpr.Position at) implements Node {
  }

  /** {@code weight-specified}: fixed weights, already normalized to sum to 1. */
  record Specified(List<Double> weights, List<Node> children, SExpr.Position at) implements Node {
  }

  record InverseVolatility(int window, List<Asset> children, SExpr.Position at) implements Node {
  }

  record If(Condition condition, List<Node> then, List<Node> otherwise, SExpr.Position at) implements Node {
  }

  record Filter(Indicator indicator, int window, boolean top, int count, List<Asset> children, SExpr.Position at) implements Node {
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

  record IndicatorValue(Indicator indicator, String ticker, int window, SExpr.Position at) implements Operand {
    String label() {
      return indicator.dslName() + "(" + ticker + (indicator.takesWindow() ? ", " + window : "") + ")";
    }
  }

  record Constant(double value) implements Operand {
  }
}
