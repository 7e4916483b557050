package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.DeepStack;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.marketdata.MarketDataException;
import io.alchemiser.shared.event.WorkflowException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a compiled symphony on a price history: the target weights (summing to 1) and a
 * decision trace that records each branch taken and the indicator values that decided it.
 */
public final class SymphonyEvaluator {
  /** Weights are rounded to this many decimals; the largest absorbs the rounding so they sum to exactly 1. */
  static final int WEIGHT_SCALE = 12;
  private static final double SUM_TOLERANCE = 1e-12;

  private final PriceHistory history;
  private final Timeline timeline;
  /** The calendar day evaluated: the history's own day, or an earlier one while a synthetic series is built. */
  private final int day;
  private final boolean traced;
  private final List<String> trace = new ArrayList<>();

  private SymphonyEvaluator(PriceHistory history, int day, boolean traced) {
    this.history = history;
    this.timeline = history.timeline();
    this.day = day;
    this.traced = traced;
  }

  public record Result(Map<String, BigDecimal> allocation, List<String> trace) {
  }

  public static Result evaluate(Symphony symphony, PriceHistory history) {
    return DeepStack.call(symphony.depth(), () -> {
      SymphonyEvaluator evaluator = new SymphonyEvaluator(history, history.index(), history.traced());
      Map<String, Double> weights = new TreeMap<>();
      evaluator.node(symphony.root(), 1.0, weights);
      double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        throw new WorkflowException(ErrorCodes.STRATEGY_ERROR, "symphony '" + symphony.name() + "' weights sum to " + sum + ", not 1");
      }
      return new Result(toDecimal(weights), List.copyOf(evaluator.trace));
    });
  }

  /** The synthetic series of a sub-tree (for tests): its closes up to the history's day. */
  static double[] syntheticSeries(Symphony.Node node, PriceHistory history) {
    return new SymphonyEvaluator(history, history.index(), false).series(node).prices(history.index());
  }

  private void node(Symphony.Node node, double weight, Map<String, Double> out) {
    if (node instanceof Symphony.Asset asset) {
      out.merge(asset.ticker(), weight, Double::sum);
    } else if (node instanceof Symphony.Equal equal) {
      double each = weight / equal.children().size();
      for (Symphony.Node child : equal.children()) {
        node(child, each, out);
      }
    } else if (node instanceof Symphony.Specified specified) {
      for (int i = 0; i < specified.children().size(); i++) {
        node(specified.children().get(i), weight * specified.weights().get(i), out);
      }
    } else if (node instanceof Symphony.If branch) {
      boolean taken = condition(branch.condition());
      List<Symphony.Node> children = taken ? branch.then() : branch.otherwise();
      double each = weight / children.size();
      for (Symphony.Node child : children) {
        node(child, each, out);
      }
    } else if (node instanceof Symphony.Filter filter) {
      filter(filter, weight, out);
    } else if (node instanceof Symphony.InverseVolatility inverse) {
      inverseVolatility(inverse, weight, out);
    }
  }

  private boolean condition(Symphony.Condition condition) {
    if (condition instanceof Symphony.All all) {
      for (Symphony.Condition part : all.conditions()) {
        if (!condition(part)) {
          return false;
        }
      }
      return true;
    }
    if (condition instanceof Symphony.Any any) {
      for (Symphony.Condition part : any.conditions()) {
        if (condition(part)) {
          return true;
        }
      }
      return false;
    }
    Symphony.Compare compare = (Symphony.Compare) condition;
    double left = operand(compare.left());
    double right = operand(compare.right());
    boolean result = switch (compare.operator()) {
      case ">" -> left > right;
      case "<" -> left < right;
      case ">=" -> left >= right;
      default -> left <= right;
    };
    if (traced) {
      trace.add(compare.at() + " if " + label(compare.left(), left) + " " + compare.operator() + " " + label(compare.right(), right)
          + " → " + (result ? "then" : "else"));
    }
    return result;
  }

  private double operand(Symphony.Operand operand) {
    if (operand instanceof Symphony.Constant constant) {
      return constant.value();
    }
    Symphony.IndicatorValue indicator = (Symphony.IndicatorValue) operand;
    return history.value(indicator.indicator(), indicator.ticker(), indicator.window(), indicator.at(), day);
  }

  /**
   * A child's indicator value: an asset's on its closes, any other node's on its synthetic series.
   * Where the series is too short the error names the child, as a ticker's names the ticker.
   */
  private double childValue(Indicator indicator, Window window, Symphony.Node child, String op) {
    if (child instanceof Symphony.Asset asset) {
      return history.value(indicator, asset.ticker(), window, asset.at(), day);
    }
    SyntheticSeries series = series(child);
    int points = series.points(day);
    if (points == 0) {
      // The sub-tree itself cannot be evaluated today: its own error says why.
      node(child, 1.0, new TreeMap<>());
      throw new MarketDataException(child.at() + ": " + op + ": " + child.label() + " holds a ticker that has no close on "
          + dayName() + ", so it cannot be valued");
    }
    double value = series.value(indicator, window, day);
    if (Double.isNaN(value)) {
      int needed = indicator.closesNeeded(window);
      throw new MarketDataException(child.at() + ": " + op + ": " + indicator.label(window) + " of " + child.label() + " needs "
          + needed + " days of its synthetic series up to " + dayName() + ", it has " + points
          + (points < needed ? "" : " (a value that is not a number)"));
    }
    return value;
  }

  private String dayName() {
    return day == history.index() ? String.valueOf(history.asOf()) : String.valueOf(timeline.day(day));
  }

  private SyntheticSeries series(Symphony.Node child) {
    return timeline.synthetic(child, node -> SyntheticSeries.build(timeline, k -> {
      Map<String, Double> allocation = new TreeMap<>();
      new SymphonyEvaluator(history, k, false).node(node, 1.0, allocation);
      return allocation;
    }));
  }

  /** A kept child, scaled to its share: an asset as itself; a sub-tree as its allocation of the day (remembered, or traced afresh). */
  private void keep(Symphony.Node child, double share, Map<String, Double> out) {
    Map<String, Double> remembered = child instanceof Symphony.Asset || traced ? null : series(child).allocation(day);
    if (remembered == null) {
      node(child, share, out);
    } else {
      remembered.forEach((ticker, weight) -> out.merge(ticker, share * weight, Double::sum));
    }
  }

  private void filter(Symphony.Filter filter, double weight, Map<String, Double> out) {
    List<Ranked> ranked = new ArrayList<>();
    for (Symphony.Node child : filter.children()) {
      ranked.add(new Ranked(child, childValue(filter.indicator(), filter.window(), child, "filter")));
    }
    // Highest first for select-top, lowest first for select-bottom; the sort is stable, so ties keep the file's order.
    Comparator<Ranked> byValue = Comparator.comparingDouble(Ranked::value);
    ranked.sort(filter.top() ? byValue.reversed() : byValue);
    List<Ranked> kept = ranked.subList(0, Math.min(filter.count(), ranked.size()));
    if (traced) {
      trace(filter, ranked, kept);
    }
    double each = weight / kept.size();
    for (Ranked r : kept) {
      keep(r.child(), each, out);
    }
  }

  private void trace(Symphony.Filter filter, List<Ranked> ranked, List<Ranked> kept) {
    StringBuilder line = new StringBuilder(filter.at() + " filter " + filter.indicator().label(filter.window()) + ":");
    for (Ranked r : ranked) {
      line.append(' ').append(r.child().label()).append('=').append(format(r.value()));
    }
    line.append(" → ").append(filter.top() ? "top " : "bottom ").append(filter.count()).append(": ");
    line.append(String.join(", ", kept.stream().map(r -> r.child().label()).toList()));
    trace.add(line.toString());
  }

  private void inverseVolatility(Symphony.InverseVolatility node, double weight, Map<String, Double> out) {
    double[] inverse = new double[node.children().size()];
    double total = 0;
    StringBuilder line = traced ? new StringBuilder(node.at() + " weight-inverse-volatility(" + node.window() + "):") : null;
    for (int i = 0; i < inverse.length; i++) {
      Symphony.Node child = node.children().get(i);
      double volatility = childValue(Indicator.STDEV_RETURN, Window.of(node.window()), child, "weight-inverse-volatility");
      if (volatility <= 0) {
        throw new MarketDataException(child.at() + ": weight-inverse-volatility: " + child.label()
            + " did not move over the last " + node.window() + " days, so it has no volatility to weigh by");
      }
      inverse[i] = 1 / volatility;
      total += inverse[i];
      if (line != null) {
        line.append(' ').append(child.label()).append(" stdev=").append(format(volatility)).append('%');
      }
    }
    // The trace first: a kept sub-tree's own decisions follow the line that weighed it.
    if (line != null) {
      trace.add(line.toString());
    }
    for (int i = 0; i < inverse.length; i++) {
      keep(node.children().get(i), weight * inverse[i] / total, out);
    }
  }

  private static String label(Symphony.Operand operand, double value) {
    if (operand instanceof Symphony.IndicatorValue indicator) {
      return indicator.label() + "=" + format(value);
    }
    return format(value);
  }

  private static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    // As %.4f with the trailing zeros (and a bare point) dropped, without the formatter's cost.
    String text = BigDecimal.valueOf(value).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  /** Exact decimals that sum to exactly 1: rounded, with the rounding left on the largest weight. */
  static Map<String, BigDecimal> toDecimal(Map<String, Double> weights) {
    Map<String, BigDecimal> result = new TreeMap<>();
    BigDecimal sum = BigDecimal.ZERO;
    String largest = null;
    for (Map.Entry<String, Double> entry : weights.entrySet()) {
      BigDecimal weight = BigDecimal.valueOf(entry.getValue()).setScale(WEIGHT_SCALE, RoundingMode.HALF_EVEN);
      if (weight.signum() == 0) {
        continue;
      }
      result.put(entry.getKey(), weight);
      sum = sum.add(weight);
      if (largest == null || weight.compareTo(result.get(largest)) > 0) {
        largest = entry.getKey();
      }
    }
    if (largest != null) {
      result.put(largest, result.get(largest).add(BigDecimal.ONE.subtract(sum)));
    }
    result.replaceAll((ticker, weight) -> weight.stripTrailingZeros());
    return result;
  }

  private record Ranked(Symphony.Node child, double value) {
  }
}
