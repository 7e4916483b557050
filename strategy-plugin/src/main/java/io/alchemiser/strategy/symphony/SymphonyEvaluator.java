package io.alchemiser.strategy.symphony;

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
  private final List<String> trace = new ArrayList<>();

  private SymphonyEvaluator(PriceHistory history) {
    this.history = history;
  }

  public record Result(Map<String, BigDecimal> allocation, List<String> trace) {
  }

  public static Result evaluate(Symphony symphony, PriceHistory history) {
    SymphonyEvaluator evaluator = new SymphonyEvaluator(history);
    Map<String, Double> weights = new TreeMap<>();
    evaluator.node(symphony.root(), 1.0, weights);
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new WorkflowException(ErrorCodes.STRATEGY_ERROR, "symphony '" + symphony.name() + "' weights sum to " + sum + ", not 1");
    }
    return new Result(toDecimal(weights), List.copyOf(evaluator.trace));
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
    if (history.traced()) {
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
    return history.value(indicator.indicator(), indicator.ticker(), indicator.window(), indicator.at());
  }

  private void filter(Symphony.Filter filter, double weight, Map<String, Double> out) {
    List<Ranked> ranked = new ArrayList<>();
    for (Symphony.Asset asset : filter.children()) {
      ranked.add(new Ranked(asset.ticker(), history.value(filter.indicator(), asset.ticker(), filter.window(), asset.at())));
    }
    // Highest first for select-top, lowest first for select-bottom; ties go to the ticker first in the alphabet.
    Comparator<Ranked> byValue = Comparator.comparingDouble(Ranked::value);
    ranked.sort((filter.top() ? byValue.reversed() : byValue).thenComparing(Ranked::ticker));
    List<Ranked> kept = ranked.subList(0, Math.min(filter.count(), ranked.size()));
    if (history.traced()) {
      trace(filter, ranked, kept);
    }
    double each = weight / kept.size();
    for (Ranked r : kept) {
      out.merge(r.ticker(), each, Double::sum);
    }
  }

  private void trace(Symphony.Filter filter, List<Ranked> ranked, List<Ranked> kept) {
    StringBuilder line = new StringBuilder(filter.at() + " filter " + filter.indicator().dslName()
        + (filter.indicator().takesWindow() ? "(" + filter.window() + ")" : "") + ":");
    for (Ranked r : ranked) {
      line.append(' ').append(r.ticker()).append('=').append(format(r.value()));
    }
    line.append(" → ").append(filter.top() ? "top " : "bottom ").append(filter.count()).append(": ");
    line.append(String.join(", ", kept.stream().map(Ranked::ticker).toList()));
    trace.add(line.toString());
  }

  private void inverseVolatility(Symphony.InverseVolatility node, double weight, Map<String, Double> out) {
    double[] inverse = new double[node.children().size()];
    double total = 0;
    StringBuilder line = history.traced() ? new StringBuilder(node.at() + " weight-inverse-volatility(" + node.window() + "):") : null;
    for (int i = 0; i < inverse.length; i++) {
      Symphony.Asset asset = node.children().get(i);
      double volatility = history.value(Indicator.STDEV_RETURN, asset.ticker(), node.window(), asset.at());
      if (volatility <= 0) {
        throw new MarketDataException(asset.at() + ": weight-inverse-volatility: " + asset.ticker()
            + " did not move over the last " + node.window() + " days, so it has no volatility to weigh by");
      }
      inverse[i] = 1 / volatility;
      total += inverse[i];
      if (line != null) {
        line.append(' ').append(asset.ticker()).append(" stdev=").append(format(volatility)).append('%');
      }
    }
    for (int i = 0; i < inverse.length; i++) {
      out.merge(node.children().get(i).ticker(), weight * inverse[i] / total, Double::sum);
    }
    if (line != null) {
      trace.add(line.toString());
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

  private record Ranked(String ticker, double value) {
  }
}
