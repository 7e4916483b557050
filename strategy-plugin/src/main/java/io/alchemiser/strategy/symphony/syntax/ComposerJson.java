package io.alchemiser.strategy.symphony.syntax;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a symphony exported from Composer as JSON (nodes with a {@code step}) into the same syntax
 * tree a {@code .clj} file gives, so one compiler checks both and {@code alchemiser convert} can
 * print the equivalent {@code .clj}. Every error names the file and the JSON path of the node.
 *
 * <p>Steps: {@code root}, {@code wt-cash-equal}, {@code wt-cash-specified} (children carry
 * {@code weight: {num, den}}), {@code wt-inverse-vol} ({@code window-days}), {@code group},
 * {@code if} with {@code if-child}ren (the last with {@code is-else-condition?}; more than two
 * chain as else-ifs), {@code filter} ({@code sort-by-fn}, {@code sort-by-fn-params} or
 * {@code sort-by-window-days}, {@code select-fn} top/bottom, {@code select-n}) and {@code asset}.
 * Conditions: the older {@code lhs-fn}/{@code lhs-val}/{@code comparator}/{@code rhs-…} fields, or a
 * {@code condition} block ({@code binary}, or {@code compound} with {@code any}/{@code all}). Fields a
 * step does not use (ids, labels, display settings) are ignored; a {@code step}, function or
 * comparator it does not know is refused.
 *
 * <p>Near 400 lines: one reader of one format, each step and the condition and parameter forms it
 * takes side by side, with the JSON-path helpers every one of them uses; split, a reader would
 * hop between files to see what one export's node turns into.
 */
public final class ComposerJson {
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(SymphonyParser.MAX_DEPTH).build()).build());
  private static final Map<String, String> FUNCTIONS = Map.ofEntries(
      Map.entry("relative-strength-index", "rsi"),
      Map.entry("current-price", "current-price"),
      Map.entry("moving-average-price", "moving-average-price"),
      Map.entry("exponential-moving-average-price", "exponential-moving-average-price"),
      Map.entry("moving-average-return", "moving-average-return"),
      Map.entry("cumulative-return", "cumulative-return"),
      Map.entry("standard-deviation-return", "stdev-return"),
      Map.entry("standard-deviation-price", "stdev-price"),
      Map.entry("max-drawdown", "max-drawdown"),
      Map.entry("percentage-price-oscillator", "percentage-price-oscillator"),
      Map.entry("percentage-price-oscillator-signal", "percentage-price-oscillator-signal"));
  private static final Map<String, String> COMPARATORS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=");

  private final String file;

  private ComposerJson(String file) {
    this.file = file;
  }

  /** The (defsymphony ...) form of a Composer export. */
  public static SExpr toSExpr(String file, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
      SExpr.Position at = location == null ? new SExpr.Position(file, 1, 1) : new SExpr.Position(file, location.getLineNr(), location.getColumnNr());
      throw new StrategyFileException(at, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new StrategyFileException(new SExpr.Position(file, 1, 1), "expected a Composer symphony (a JSON object with \"step\": \"root\"), found an empty file");
    }
    return new ComposerJson(file).root(root, "$");
  }

  private SExpr root(JsonNode node, String path) {
    SExpr.Position at = at(path);
    object(node, path);
    if (!"root".equals(node.path("step").asText(null))) {
      throw error(path, "expected the symphony's root (\"step\": \"root\"), found " + describeStep(node));
    }
    String name = text(node, "name", path, "the symphony's name");
    Map<String, SExpr> metadata = new LinkedHashMap<>();
    String rebalance = node.path("rebalance").asText("daily");
    JsonNode corridor = node.get("rebalance-corridor-width");
    if (corridor != null && !corridor.isNull()) {
      // Composer's threshold rebalancing: the logic runs every day, trades only past the corridor.
      metadata.put("rebalance-threshold", new SExpr.Num(number(corridor, path + ".rebalance-corridor-width"), at(path + ".rebalance-corridor-width")));
      rebalance = "daily";
    }
    metadata.put("rebalance-frequency", new SExpr.Keyword(rebalance.toLowerCase(Locale.ROOT), at(path + ".rebalance")));
    if (node.hasNonNull("description") && !node.get("description").asText().isBlank()) {
      metadata.put("description", new SExpr.Str(node.get("description").asText(), at(path + ".description")));
    }
    List<SExpr> children = children(node, path);
    SExpr body = children.size() == 1 ? children.get(0) : call(at, "weight-equal", vector(at, children));
    return call(at, "defsymphony", new SExpr.Str(name, at), new SExpr.MapExpr(metadata, at), body);
  }

  private SExpr node(JsonNode node, String path) {
    object(node, path);
    SExpr.Position at = at(path);
    String step = node.path("step").asText("");
    return switch (step) {
      case "wt-cash-equal" -> call(at, "weight-equal", vector(at, children(node, path)));
      case "wt-cash-specified" -> specified(node, path);
      case "wt-inverse-vol" -> call(at, "weight-inverse-volatility", window(node, path, "window-days", null), vector(at, children(node, path)));
      case "group" -> call(at, "group", new SExpr.Str(node.path("name").asText("group"), at), vector(at, children(node, path)));
      case "if" -> ifNode(node, path);
      case "filter" -> filter(node, path);
      case "asset" -> asset(node, path);
      case "empty" -> throw error(path, "an empty block (cash) is not supported: hold a cash-like ETF such as BIL instead");
      default -> throw error(path, "unknown step " + describeStep(node)
          + " (expected wt-cash-equal, wt-cash-specified, wt-inverse-vol, group, if, filter or asset)");
    };
  }

  private SExpr asset(JsonNode node, String path) {
    String written = text(node, "ticker", path, "the asset's ticker");
    if (written.trim().toUpperCase(Locale.ROOT).startsWith("CRYPTO::")) {
      throw error(path + ".ticker", "crypto tickers (" + written.trim() + ") are not supported");
    }
    String ticker = tickerOf(written);
    SExpr.Position at = at(path);
    return node.hasNonNull("name") ? call(at, "asset", new SExpr.Str(ticker, at(path + ".ticker")), new SExpr.Str(node.get("name").asText(), at))
        : call(at, "asset", new SExpr.Str(ticker, at(path + ".ticker")));
  }

  private SExpr specified(JsonNode node, String path) {
    SExpr.Position at = at(path);
    List<SExpr> args = new ArrayList<>();
    args.add(new SExpr.Symbol("weight-specified", at));
    JsonNode children = array(node, "children", path);
    for (int i = 0; i < children.size(); i++) {
      String childPath = path + ".children[" + i + "]";
      JsonNode weight = children.get(i).path("weight");
      if (!weight.isObject() || !weight.has("num") || !weight.has("den")) {
        throw error(childPath + ".weight", "a child of wt-cash-specified needs \"weight\": {\"num\": n, \"den\": d}");
      }
      BigDecimal den = number(weight.get("den"), childPath + ".weight.den");
      if (den.signum() <= 0) {
        throw error(childPath + ".weight.den", "the weight's den must be positive");
      }
      BigDecimal percent = number(weight.get("num"), childPath + ".weight.num").multiply(BigDecimal.valueOf(100))
          .divide(den, MathContext.DECIMAL64).stripTrailingZeros();
      args.add(new SExpr.Num(percent, at(childPath + ".weight")));
      args.add(node(children.get(i), childPath));
    }
    return new SExpr.SList(args, at);
  }

  private SExpr filter(JsonNode node, String path) {
    SExpr.Position at = at(path);
    String fn = function(text(node, "sort-by-fn", path, "the filter's sort-by-fn"), path + ".sort-by-fn");
    SExpr sort = call(at(path + ".sort-by-fn"), fn, params(node, path, "sort-by", fn));
    String select = node.path("select-fn").asText("top");
    if (!select.equals("top") && !select.equals("bottom")) {
      throw error(path + ".select-fn", "select-fn must be top or bottom, found \"" + select + "\"");
    }
    SExpr count = new SExpr.Num(number(node.get("select-n"), path + ".select-n"), at(path + ".select-n"));
    return call(at, "filter", sort, call(at, "select-" + select, count), vector(at, children(node, path)));
  }

  private SExpr ifNode(JsonNode node, String path) {
    JsonNode branches = array(node, "children", path);
    return branches(branches, 0, path);
  }

  /** if-children from {@code i} on: a condition and its nodes, else the rest (an else-if chain when there are more than two). */
  private SExpr branches(JsonNode branches, int i, String path) {
    String branchPath = path + ".children[" + i + "]";
    JsonNode branch = branches.get(i);
    object(branch, branchPath);
    if (!"if-child".equals(branch.path("step").asText())) {
      throw error(branchPath, "a child of if must be an if-child, found " + describeStep(branch));
    }
    boolean last = i == branches.size() - 1;
    if (branch.path("is-else-condition?").asBoolean(false)) {
      if (!last || i == 0) {
        throw error(branchPath, i == 0 ? "if starts with its else branch" : "the else branch must be the last child of if");
      }
      throw new IllegalStateException("unreachable");
    }
    if (last) {
      throw error(path, "if has no else branch (an if-child with \"is-else-condition?\": true)");
    }
    SExpr.Position at = at(branchPath);
    SExpr condition = condition(branch, branchPath);
    SExpr then = vector(at, children(branch, branchPath));
    JsonNode next = branches.get(i + 1);
    SExpr otherwise;
    if (i + 1 == branches.size() - 1 && next.path("is-else-condition?").asBoolean(false)) {
      String elsePath = path + ".children[" + (i + 1) + "]";
      otherwise = vector(at(elsePath), children(next, elsePath));
    } else {
      otherwise = vector(at, List.of(branches(branches, i + 1, path)));
    }
    return call(at(path), "if", condition, then, otherwise);
  }

  private SExpr condition(JsonNode branch, String path) {
    if (branch.has("condition")) {
      return conditionBlock(branch.get("condition"), path + ".condition");
    }
    SExpr.Position at = at(path);
    String comparator = comparator(branch.path("comparator").asText(""), path + ".comparator");
    SExpr left = call(at(path + ".lhs-fn"), function(text(branch, "lhs-fn", path, "the condition's lhs-fn"), path + ".lhs-fn"),
        indicatorArgs(branch, path, "lhs"));
    SExpr right;
    if (branch.path("rhs-fixed-value?").asBoolean(false) || !branch.hasNonNull("rhs-fn")) {
      right = new SExpr.Num(number(branch.get("rhs-val"), path + ".rhs-val"), at(path + ".rhs-val"));
    } else {
      right = call(at(path + ".rhs-fn"), function(branch.get("rhs-fn").asText(), path + ".rhs-fn"), indicatorArgs(branch, path, "rhs"));
    }
    return call(at, comparator, left, right);
  }

  private SExpr[] indicatorArgs(JsonNode branch, String path, String side) {
    String fn = function(branch.path(side + "-fn").asText(), path + "." + side + "-fn");
    SExpr ticker = new SExpr.Str(tickerOf(text(branch, side + "-val", path, "the " + side + " ticker")), at(path + "." + side + "-val"));
    SExpr[] params = params(branch, path, side, fn);
    SExpr[] args = new SExpr[params.length + 1];
    args[0] = ticker;
    System.arraycopy(params, 0, args, 1, params.length);
    return args;
  }

  /** The newer form: {"condition-type": "binary", lhs: {fn, ticker, params}, comparator, rhs: {constant} | {fn, ticker, params}}, or compound. */
  private SExpr conditionBlock(JsonNode block, String path) {
    object(block, path);
    SExpr.Position at = at(path);
    String type = block.path("condition-type").asText("binary");
    if (type.equals("compound")) {
      String combine = block.path("operator").asText(block.path("combinator").asText("all"));
      if (!combine.equals("all") && !combine.equals("any")) {
        throw error(path + ".operator", "a compound condition combines with all or any, found \"" + combine + "\"");
      }
      JsonNode parts = array(block, "conditions", path);
      List<SExpr> items = new ArrayList<>();
      items.add(new SExpr.Symbol(combine.equals("all") ? "and" : "or", at));
      for (int i = 0; i < parts.size(); i++) {
        items.add(conditionBlock(parts.get(i), path + ".conditions[" + i + "]"));
      }
      return new SExpr.SList(items, at);
    }
    if (!type.equals("binary")) {
      throw error(path + ".condition-type", "unknown condition-type \"" + type + "\" (expected binary or compound)");
    }
    String comparator = comparator(block.path("comparator").asText(""), path + ".comparator");
    return call(at, comparator, operand(block.get("lhs"), path + ".lhs"), operand(block.get("rhs"), path + ".rhs"));
  }

  private SExpr operand(JsonNode side, String path) {
    object(side, path);
    if (side.has("constant")) {
      return new SExpr.Num(number(side.get("constant"), path + ".constant"), at(path + ".constant"));
    }
    String fn = function(text(side, "fn", path, "the function"), path + ".fn");
    List<SExpr> args = new ArrayList<>();
    args.add(new SExpr.Symbol(fn, at(path)));
    args.add(new SExpr.Str(tickerOf(text(side, "ticker", path, "the ticker")), at(path + ".ticker")));
    if (!fn.equals("current-price")) {
      args.add(paramsMap(side.get("params"), path + ".params", fn));
    }
    return new SExpr.SList(args, at(path));
  }

  /** A function's parameters from {@code <prefix>-fn-params} ({"window": 10}) or the older {@code <prefix>-window-days}. */
  private SExpr[] params(JsonNode node, String path, String prefix, String fn) {
    if (fn.equals("current-price")) {
      return new SExpr[0];
    }
    JsonNode params = node.get(prefix + "-fn-params");
    if (params != null && !params.isNull() && !(params.isObject() && params.isEmpty())) {
      return new SExpr[] {paramsMap(params, path + "." + prefix + "-fn-params", fn)};
    }
    return new SExpr[] {window(node, path, prefix + "-window-days", fn)};
  }

  private SExpr paramsMap(JsonNode params, String path, String fn) {
    SExpr.Position at = at(path);
    if (params == null || !params.isObject()) {
      throw error(path, fn + " needs its parameters as an object such as {\"window\": 10}");
    }
    Map<String, SExpr> entries = new LinkedHashMap<>();
    params.fields().forEachRemaining(field -> {
      String key = switch (field.getKey()) {
        case "fast-window", "short-window" -> "short-window";
        case "slow-window", "long-window" -> "long-window";
        case "signal-window", "smooth-window" -> "smooth-window";
        case "window", "window-days" -> "window";
        default -> throw error(path + "." + field.getKey(), "unknown parameter \"" + field.getKey() + "\" of " + fn);
      };
      entries.put(key, new SExpr.Num(number(field.getValue(), path + "." + field.getKey()), at(path + "." + field.getKey())));
    });
    return new SExpr.MapExpr(entries, at);
  }

  private SExpr window(JsonNode node, String path, String field, String fn) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw error(path, (fn == null ? "wt-inverse-vol" : fn) + " needs a window (\"" + field + "\")");
    }
    return new SExpr.Num(number(value, path + "." + field), at(path + "." + field));
  }

  private String function(String name, String path) {
    String fn = FUNCTIONS.get(name);
    if (fn == null) {
      throw error(path, "unknown function \"" + name + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS.keySet())) + ")");
    }
    return fn;
  }

  private String comparator(String name, String path) {
    String op = COMPARATORS.get(name);
    if (op == null) {
      throw error(path, "unknown comparator \"" + name + "\" (expected gt, gte, lt or lte)");
    }
    return op;
  }

  /** Composer may qualify a ticker: EQUITIES::SPY//USD is SPY. */
  private static String tickerOf(String written) {
    String ticker = written.trim().toUpperCase(Locale.ROOT);
    ticker = ticker.contains("::") ? ticker.substring(ticker.indexOf("::") + 2) : ticker;
    return ticker.contains("//") ? ticker.substring(0, ticker.indexOf("//")) : ticker;
  }

  private List<SExpr> children(JsonNode node, String path) {
    JsonNode children = array(node, "children", path);
    if (children.isEmpty()) {
      throw error(path, describeStep(node) + " has no children");
    }
    List<SExpr> nodes = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      nodes.add(node(children.get(i), path + ".children[" + i + "]"));
    }
    return nodes;
  }

  private JsonNode array(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw error(path, "expected \"" + field + "\" as an array");
    }
    return value;
  }

  private void object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw error(path, "expected an object (a node with a \"step\"), found " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
  }

  private String text(JsonNode node, String field, String path, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
      throw error(path, "expected " + what + " in \"" + field + "\"");
    }
    return value.asText();
  }

  private BigDecimal number(JsonNode value, String path) {
    if (value == null || value.isNull()) {
      throw error(path, "expected a number");
    }
    try {
      return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
    } catch (NumberFormatException e) {
      throw error(path, "expected a number, found \"" + value.asText() + "\"");
    }
  }

  private static String describeStep(JsonNode node) {
    return node.has("step") ? "\"" + node.get("step").asText() + "\"" : "a node without a step";
  }

  private SExpr.Position at(String path) {
    return new SExpr.Position(file, 0, 0, path);
  }

  private static SExpr call(SExpr.Position at, String op, SExpr... args) {
    List<SExpr> items = new ArrayList<>();
    items.add(new SExpr.Symbol(op, at));
    items.addAll(List.of(args));
    return new SExpr.SList(items, at);
  }

  private static SExpr vector(SExpr.Position at, List<SExpr> items) {
    return new SExpr.Vector(items, at);
  }

  private StrategyFileException error(String path, String message) {
    return new StrategyFileException(at(path), message);
  }
}
