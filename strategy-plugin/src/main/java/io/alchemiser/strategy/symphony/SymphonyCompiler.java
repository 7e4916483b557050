package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.syntax.SExpr;
import io.alchemiser.strategy.symphony.syntax.SymphonyParser;
import io.alchemiser.strategy.symphony.syntax.DeepStack;
import io.alchemiser.strategy.symphony.syntax.ComposerJson;
import io.alchemiser.strategy.symphony.syntax.SymphonyWriter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the syntax tree of a symphony into checked nodes. Everything that can be known without
 * data is checked here: operators, arity, argument kinds, windows, weights, tickers. Each error
 * names the file, line and column of the offending node and the operator.
 *
 * <p>Somewhat over 300 lines: one small method per form of the DSL, the grammar read in one
 * place; split by form it would scatter what a reader compares.
 */
public final class SymphonyCompiler {
  private static final Pattern TICKER = Pattern.compile("[A-Z0-9][A-Z0-9./\\-]{0,14}");
  private static final double PERCENT_TOLERANCE = 1e-9;

  private final Set<String> tickers = new TreeSet<>();
  private int nodes;
  private int depth;
  private int maxDepth;
  /** Whether a filter or weight-inverse-volatility has a child that is not an asset (valued by a synthetic series). */
  private boolean ranksSubTrees;

  private SymphonyCompiler() {
  }

  static Symphony compile(SExpr form) {
    return new SymphonyCompiler().symphony(form);
  }

  /** A {@code .clj} file, or a Composer JSON export (a file name ending in {@code .json}, or a text that is a JSON object). */
  public static Symphony parseAndCompile(String file, String text) {
    SExpr form = read(file, text);
    return DeepStack.call(SymphonyParser.nesting(text), () -> compile(form));
  }

  /** The {@code .clj} text of a symphony file of either kind, once it compiles (what {@code alchemiser convert} prints). */
  public static String toClj(String file, String text) {
    SExpr form = read(file, text);
    return DeepStack.call(SymphonyParser.nesting(text), () -> {
      compile(form);
      return SymphonyWriter.write(form);
    });
  }

  /** A Composer export by its name, or by its text where it has no name (a symphony posted to the API): a .clj file never starts with '{'. */
  private static SExpr read(String file, String text) {
    if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || text.stripLeading().startsWith("{")) {
      return DeepStack.call(SymphonyParser.nesting(text), () -> ComposerJson.toSExpr(file, text));
    }
    return SymphonyParser.parse(file, text);
  }

  private Symphony symphony(SExpr form) {
    SExpr.SList list = list(form, "a (defsymphony \"name\" {...} node) form");
    if (!"defsymphony".equals(list.head())) {
      throw error(form, "expected (defsymphony ...) at the top of the file, found " + describeHead(list));
    }
    List<SExpr> args = list.items().subList(1, list.items().size());
    if (args.size() < 2 || args.size() > 3) {
      throw error(form, "defsymphony takes a name, an optional metadata map and one node; found " + args.size() + " arguments");
    }
    String name = string(args.get(0), "defsymphony", "its name");
    Map<String, String> metadata = new LinkedHashMap<>();
    BigDecimal threshold = null;
    RebalanceFrequency frequency = RebalanceFrequency.DAILY;
    if (args.size() == 3) {
      if (!(args.get(1) instanceof SExpr.MapExpr meta)) {
        throw error(args.get(1), "defsymphony: expected a metadata map, found " + args.get(1).describe());
      }
      for (Map.Entry<String, SExpr> entry : meta.entries().entrySet()) {
        SExpr value = entry.getValue();
        if (entry.getKey().equals("rebalance-threshold")) {
          if (!(value instanceof SExpr.Num number) || number.value().signum() < 0 || number.value().compareTo(BigDecimal.ONE) >= 0) {
            throw error(value, "defsymphony: :rebalance-threshold must be a fraction in [0, 1), found " + value.describe());
          }
          threshold = number.value();
        } else if (entry.getKey().equals("rebalance-frequency")) {
          String written = value instanceof SExpr.Keyword k ? k.name() : value instanceof SExpr.Str str ? str.value() : "";
          frequency = RebalanceFrequency.byName(written).orElseThrow(() -> error(value,
              "defsymphony: :rebalance-frequency must be one of :daily, :weekly, :monthly, :quarterly, :yearly, :none; found "
                  + value.describe()));
        }
        metadata.put(entry.getKey(), scalarText(value));
      }
    }
    Symphony.Node root = node(args.get(args.size() - 1));
    return new Symphony(name, Map.copyOf(metadata), threshold, frequency, root, Set.copyOf(tickers), nodes, maxDepth, ranksSubTrees);
  }

  private Symphony.Node node(SExpr expr) {
    SExpr.SList list = list(expr, "a node such as (asset ...), (group ...), (weight-equal ...), (if ...) or (filter ...)");
    String op = list.head();
    List<SExpr> args = list.items().subList(Math.min(1, list.items().size()), list.items().size());
    nodes++;
    if (op == null) {
      throw error(expr, "expected an operator at the head of the list, found " + describeHead(list));
    }
    maxDepth = Math.max(maxDepth, ++depth);
    try {
      return form(expr, list, op, args);
    } finally {
      depth--;
    }
  }

  private Symphony.Node form(SExpr expr, SExpr.SList list, String op, List<SExpr> args) {
    return switch (op) {
      case "asset" -> asset(list, args);
      case "group" -> group(list, args);
      case "weight-equal" -> {
        arity(list, "weight-equal", args, 1, 1, "a vector of nodes");
        yield new Symphony.Equal("weight-equal", nodes(args.get(0), "weight-equal"), list.at());
      }
      case "weight-specified" -> specified(list, args);
      case "weight-inverse-volatility" -> inverseVolatility(list, args);
      case "if" -> ifNode(list, args);
      case "filter" -> filter(list, args);
      default -> throw error(expr, "unknown operator '" + op + "' (expected asset, group, weight-equal, weight-specified, "
          + "weight-inverse-volatility, if or filter)");
    };
  }

  private Symphony.Asset asset(SExpr.SList list, List<SExpr> args) {
    arity(list, "asset", args, 1, 2, "a ticker and an optional display name");
    String ticker = ticker(args.get(0), "asset");
    String display = null;
    if (args.size() == 2 && !(args.get(1) instanceof SExpr.Nil)) {
      display = string(args.get(1), "asset", "its display name (or nil)");
    }
    return new Symphony.Asset(ticker, display, list.at());
  }

  private Symphony.Node group(SExpr.SList list, List<SExpr> args) {
    arity(list, "group", args, 2, 3, "a name, an optional map and a vector of nodes");
    String name = string(args.get(0), "group", "its name");
    return new Symphony.Equal("group \"" + name + "\"", nodes(args.get(args.size() - 1), "group"), list.at());
  }

  private Symphony.Node specified(SExpr.SList list, List<SExpr> args) {
    if (args.isEmpty() || args.size() % 2 != 0) {
      throw error(list, "weight-specified takes pairs of weight and node, found " + args.size() + " arguments");
    }
    List<Double> weights = new ArrayList<>();
    List<Symphony.Node> children = new ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    List<BigDecimal> raw = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 2) {
      if (!(args.get(i) instanceof SExpr.Num number) || number.value().signum() < 0) {
        throw error(args.get(i), "weight-specified: expected a non-negative weight, found " + args.get(i).describe());
      }
      raw.add(number.value());
      sum = sum.add(number.value());
      children.add(node(args.get(i + 1)));
    }
    double total = sum.doubleValue();
    double scale;
    if (Math.abs(total - 1) < PERCENT_TOLERANCE) {
      scale = 1;
    } else if (Math.abs(total - 100) < PERCENT_TOLERANCE * 100) {
      scale = 100;
    } else {
      throw error(list, "weight-specified: weights must sum to 1 (fractions) or 100 (percent), they sum to " + sum.toPlainString());
    }
    for (BigDecimal weight : raw) {
      weights.add(weight.doubleValue() / scale);
    }
    return new Symphony.Specified(List.copyOf(weights), List.copyOf(children), list.at());
  }

  private Symphony.Node inverseVolatility(SExpr.SList list, List<SExpr> args) {
    arity(list, "weight-inverse-volatility", args, 2, 2, "a window ({:window n} or n) and a vector of nodes");
    int window = window(args.get(0), "weight-inverse-volatility", 2);
    return new Symphony.InverseVolatility(window, ranked(nodes(args.get(1), "weight-inverse-volatility")), list.at());
  }

  private Symphony.Node ifNode(SExpr.SList list, List<SExpr> args) {
    arity(list, "if", args, 3, 3, "a condition, a vector of nodes for then and one for else");
    Symphony.Condition condition = condition(args.get(0));
    return new Symphony.If(condition, nodes(args.get(1), "if (then branch)"), nodes(args.get(2), "if (else branch)"), list.at());
  }

  private Symphony.Node filter(SExpr.SList list, List<SExpr> args) {
    arity(list, "filter", args, 3, 3, "an indicator, (select-top k) or (select-bottom k), and a vector of nodes");
    SExpr.SList call = list(args.get(0), "filter: an indicator such as (rsi {:window 10})");
    Indicator indicator = indicator(call);
    List<SExpr> callArgs = call.items().subList(1, call.items().size());
    Window window = Window.of(1);
    if (indicator.takesWindow()) {
      if (callArgs.size() != 1) {
        throw error(call, "filter: (" + indicator.dslName() + " ...) takes a window ({:window n} or n) and no ticker here");
      }
      window = window(callArgs.get(0), indicator);
    } else if (!callArgs.isEmpty()) {
      throw error(call, "filter: (" + indicator.dslName() + ") takes no arguments here");
    }
    SExpr.SList select = list(args.get(1), "(select-top k) or (select-bottom k)");
    String kind = select.head();
    if (!"select-top".equals(kind) && !"select-bottom".equals(kind)) {
      throw error(select, "filter: expected (select-top k) or (select-bottom k), found " + describeHead(select));
    }
    if (select.items().size() != 2) {
      throw error(select, kind + " takes one count");
    }
    int count = positiveInt(select.items().get(1), kind, "its count", 1);
    return new Symphony.Filter(indicator, window, kind.equals("select-top"), count, ranked(nodes(args.get(2), "filter")), list.at());
  }

  private Symphony.Condition condition(SExpr expr) {
    SExpr.SList list = list(expr, "a condition such as (> (rsi \"SPY\" {:window 10}) 70)");
    String op = list.head();
    List<SExpr> args = list.items().subList(Math.min(1, list.items().size()), list.items().size());
    if (op == null) {
      throw error(expr, "expected a comparison, (and ...) or (or ...), found " + describeHead(list));
    }
    switch (op) {
      case ">", "<", ">=", "<=" -> {
        arity(list, op, args, 2, 2, "two values (indicators or numbers)");
        return new Symphony.Compare(op, operand(args.get(0), op), operand(args.get(1), op), list.at());
      }
      case "and", "or" -> {
        if (args.isEmpty()) {
          throw error(expr, op + " needs at least one condition");
        }
        List<Symphony.Condition> parts = new ArrayList<>();
        for (SExpr arg : args) {
          parts.add(condition(arg));
        }
        return op.equals("and") ? new Symphony.All(List.copyOf(parts), list.at()) : new Symphony.Any(List.copyOf(parts), list.at());
      }
      default -> throw error(expr, "unknown condition '" + op + "' (expected >, <, >=, <=, and, or)");
    }
  }

  private Symphony.Operand operand(SExpr expr, String op) {
    if (expr instanceof SExpr.Num number) {
      return new Symphony.Constant(number.value().doubleValue());
    }
    SExpr.SList call = list(expr, op + ": an indicator such as (rsi \"SPY\" {:window 10}) or a number");
    Indicator indicator = indicator(call);
    List<SExpr> args = call.items().subList(1, call.items().size());
    int expected = indicator.takesWindow() ? 2 : 1;
    if (args.size() != expected && !(args.size() == 2 && !indicator.takesWindow())) {
      throw error(call, indicator.dslName() + " takes a ticker" + (indicator.takesWindow() ? " and a window ({:window n} or n)" : "")
          + ", found " + args.size() + " arguments");
    }
    String ticker = ticker(args.get(0), indicator.dslName());
    Window window = args.size() == 2 ? window(args.get(1), indicator) : Window.of(1);
    return new Symphony.IndicatorValue(indicator, ticker, window, call.at());
  }

  private Indicator indicator(SExpr.SList call) {
    String name = call.head();
    return Indicator.byName(name == null ? "" : name).orElseThrow(() -> error(call,
        "unknown indicator " + describeHead(call) + " (expected " + Indicator.names() + ")"));
  }

  /** An indicator's parameters: a window, or the oscillators' {@code {:short-window s :long-window l}} (and {@code :smooth-window m}). */
  private Window window(SExpr expr, Indicator indicator) {
    if (!indicator.oscillator()) {
      return Window.of(window(expr, indicator.dslName(), indicator.minWindow()));
    }
    boolean signal = indicator == Indicator.PERCENTAGE_PRICE_OSCILLATOR_SIGNAL;
    String shape = signal ? "{:short-window s :long-window l :smooth-window m}" : "{:short-window s :long-window l}";
    if (!(expr instanceof SExpr.MapExpr map) || map.entries().size() != (signal ? 3 : 2) || !map.entries().containsKey("short-window")
        || !map.entries().containsKey("long-window") || signal && !map.entries().containsKey("smooth-window")) {
      throw error(expr, indicator.dslName() + ": expected " + shape + ", found " + expr.describe());
    }
    int fast = positiveInt(map.entries().get("short-window"), indicator.dslName(), ":short-window", 1);
    int slow = positiveInt(map.entries().get("long-window"), indicator.dslName(), ":long-window", 1);
    if (fast >= slow) {
      throw error(expr, indicator.dslName() + ": :short-window (" + fast + ") must be shorter than :long-window (" + slow + ")");
    }
    int smooth = signal ? positiveInt(map.entries().get("smooth-window"), indicator.dslName(), ":smooth-window", 1) : 0;
    return new Window(fast, slow, smooth);
  }

  /** A window as {@code {:window n}} or a bare {@code n}. */
  private int window(SExpr expr, String op, int min) {
    if (expr instanceof SExpr.MapExpr map) {
      SExpr value = map.entries().get("window");
      if (value == null || map.entries().size() != 1) {
        throw error(expr, op + ": the map must be {:window n}");
      }
      return positiveInt(value, op, "its window", min);
    }
    return positiveInt(expr, op, "its window ({:window n} or n)", min);
  }

  private int positiveInt(SExpr expr, String op, String what, int min) {
    if (!(expr instanceof SExpr.Num number)) {
      throw error(expr, op + ": expected " + what + " as a whole number, found " + expr.describe());
    }
    try {
      int value = number.value().intValueExact();
      if (value < min) {
        throw error(expr, op + ": " + what + " must be at least " + min + ", found " + value);
      }
      return value;
    } catch (ArithmeticException e) {
      throw error(expr, op + ": expected " + what + " as a whole number, found " + number.value().toPlainString());
    }
  }

  private List<Symphony.Node> nodes(SExpr expr, String op) {
    if (!(expr instanceof SExpr.Vector vector)) {
      throw error(expr, op + ": expected a vector [...] of nodes, found " + expr.describe());
    }
    if (vector.items().isEmpty()) {
      throw error(expr, op + ": the vector of nodes is empty");
    }
    List<Symphony.Node> children = new ArrayList<>();
    for (SExpr item : vector.items()) {
      children.add(node(item));
    }
    return List.copyOf(children);
  }

  /** Children a node ranks or weighs, noting whether any of them is a sub-tree. */
  private List<Symphony.Node> ranked(List<Symphony.Node> children) {
    ranksSubTrees |= children.stream().anyMatch(child -> !(child instanceof Symphony.Asset));
    return children;
  }

  /** A ticker as written, {@code BRK/B} or {@code BRK.B}, in the one spelling the broker and market data use. */
  private String ticker(SExpr expr, String op) {
    String written = string(expr, op, "its ticker");
    if (!TICKER.matcher(written).matches()) {
      throw error(expr, op + ": '" + written + "' is not a ticker symbol (A-Z, 0-9, '.', '/', '-')");
    }
    String ticker = io.alchemiser.shared.trading.Tickers.canonical(written);
    tickers.add(ticker);
    return ticker;
  }

  private static void arity(SExpr.SList list, String op, List<SExpr> args, int min, int max, String expected) {
    if (args.size() < min || args.size() > max) {
      throw error(list, op + " takes " + expected + "; found " + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
    }
  }

  private static SExpr.SList list(SExpr expr, String expected) {
    if (expr instanceof SExpr.SList list) {
      return list;
    }
    throw error(expr, "expected " + expected + ", found " + expr.describe());
  }

  private static String string(SExpr expr, String op, String what) {
    if (expr instanceof SExpr.Str s) {
      return s.value();
    }
    throw error(expr, op + ": expected " + what + " as a string, found " + expr.describe());
  }

  private static String scalarText(SExpr expr) {
    if (expr instanceof SExpr.Str s) {
      return s.value();
    } else if (expr instanceof SExpr.Keyword k) {
      return ":" + k.name();
    } else if (expr instanceof SExpr.Num n) {
      return n.value().toPlainString();
    }
    return expr.describe();
  }

  private static String describeHead(SExpr.SList list) {
    return list.items().isEmpty() ? "an empty list" : list.items().get(0).describe();
  }

  private static StrategyFileException error(SExpr at, String message) {
    return new StrategyFileException(at.at(), message);
  }
}
