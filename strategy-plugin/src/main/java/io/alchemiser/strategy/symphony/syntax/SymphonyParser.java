package io.alchemiser.strategy.symphony.syntax;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads symphony files: Clojure-like S-expressions with strings, keywords, maps, vectors, integers,
 * decimals, {@code nil} and {@code ;} comments. Every syntax error names file, line and column and
 * says what was expected there. Nesting is bounded: real exports nest close to 300 levels, a hostile
 * file may nest millions; up to {@link #MAX_DEPTH} is read on a deep stack ({@link DeepStack}), beyond
 * it the file gets a clear error.
 */
public final class SymphonyParser {
  public static final int MAX_DEPTH = 5_000;

  private final String file;
  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;
  private int depth;

  private SymphonyParser(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /** How deeply the brackets of a text nest (outside strings and comments): how deep a stack reading it needs. */
  public static int nesting(String text) {
    int depth = 0;
    int max = 0;
    boolean string = false;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        comment = c != '\n';
      } else if (string) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          string = false;
        }
      } else if (c == '"') {
        string = true;
      } else if (c == ';') {
        comment = true;
      } else if (c == '(' || c == '[' || c == '{') {
        max = Math.max(max, ++depth);
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
    }
    return Math.min(max, MAX_DEPTH + 1);
  }

  /** The single top-level form of a file. */
  public static SExpr parse(String file, String text) {
    return DeepStack.call(nesting(text), () -> new SymphonyParser(file, text).file());
  }

  private SExpr file() {
    SymphonyParser parser = this;
    parser.skipSpace();
    if (parser.atEnd()) {
      throw parser.error("expected a (defsymphony ...) form, found an empty file");
    }
    SExpr form = parser.value();
    parser.skipSpace();
    if (!parser.atEnd()) {
      throw parser.error("expected the end of the file after the top-level form, found '" + parser.peek() + "'");
    }
    return form;
  }

  private SExpr value() {
    skipSpace();
    if (atEnd()) {
      throw error("expected a value, found the end of the file");
    }
    SExpr.Position at = position();
    char c = peek();
    switch (c) {
      case '(':
        return new SExpr.SList(sequence('(', ')', "list"), at);
      case '[':
        return new SExpr.Vector(sequence('[', ']', "vector"), at);
      case '{':
        return map(at);
      case '"':
        return string(at);
      case ':':
        next();
        String name = token();
        if (name.isEmpty()) {
          throw error("expected a keyword name after ':'");
        }
        return new SExpr.Keyword(name, at);
      case ')':
      case ']':
      case '}':
        throw error("unexpected '" + c + "': nothing is open here to close");
      default:
        break;
    }
    String token = token();
    if (token.isEmpty()) {
      throw error("unexpected character '" + c + "'");
    }
    if (token.equals("nil")) {
      return new SExpr.Nil(at);
    }
    if (Character.isDigit(token.charAt(0)) || (token.length() > 1 && (token.charAt(0) == '-' || token.charAt(0) == '+')
        && (Character.isDigit(token.charAt(1)) || token.charAt(1) == '.'))) {
      try {
        return new SExpr.Num(new BigDecimal(token), at);
      } catch (NumberFormatException e) {
        throw new StrategyFileException(at, "'" + token + "' is not a number");
      }
    }
    return new SExpr.Symbol(token, at);
  }

  private List<SExpr> sequence(char open, char close, String what) {
    SExpr.Position start = position();
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    next();
    List<SExpr> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (atEnd()) {
        throw error("expected '" + close + "' to close the " + what + " opened at " + start.line() + ":" + start.column()
            + ", found the end of the file");
      }
      char c = peek();
      if (c == close) {
        next();
        depth--;
        return items;
      }
      if ((c == ')' || c == ']' || c == '}')) {
        throw error("expected '" + close + "' to close the " + what + " opened at " + start.line() + ":" + start.column()
            + ", found '" + c + "'");
      }
      items.add(value());
    }
  }

  private SExpr map(SExpr.Position at) {
    List<SExpr> items = sequence('{', '}', "map");
    if (items.size() % 2 != 0) {
      throw new StrategyFileException(at, "a map needs key-value pairs, this one has " + items.size() + " items");
    }
    Map<String, SExpr> entries = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      if (!(items.get(i) instanceof SExpr.Keyword key)) {
        throw new StrategyFileException(items.get(i).at(), "expected a keyword as map key, found " + items.get(i).describe());
      }
      if (entries.put(key.name(), items.get(i + 1)) != null) {
        throw new StrategyFileException(key.at(), "the key :" + key.name() + " appears twice in this map");
      }
    }
    return new SExpr.MapExpr(entries, at);
  }

  private SExpr string(SExpr.Position at) {
    next();
    StringBuilder value = new StringBuilder();
    while (true) {
      if (atEnd()) {
        throw new StrategyFileException(at, "expected '\"' to close the string, found the end of the file");
      }
      char c = next();
      if (c == '"') {
        return new SExpr.Str(value.toString(), at);
      }
      if (c == '\\') {
        if (atEnd()) {
          throw error("expected an escaped character after '\\'");
        }
        char e = next();
        switch (e) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case '"', '\\' -> value.append(e);
          default -> throw error("unknown escape '\\" + e + "' in a string");
        }
      } else {
        value.append(c);
      }
    }
  }

  private String token() {
    int start = pos;
    while (!atEnd()) {
      char c = peek();
      if (Character.isWhitespace(c) || c == ',' || "()[]{}\";".indexOf(c) >= 0) {
        break;
      }
      next();
    }
    return text.substring(start, pos);
  }

  /** White space, commas (white space in Clojure) and comments. */
  private void skipSpace() {
    while (!atEnd()) {
      char c = peek();
      if (Character.isWhitespace(c) || c == ',') {
        next();
      } else if (c == ';') {
        while (!atEnd() && peek() != '\n') {
          next();
        }
      } else {
        return;
      }
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private char next() {
    char c = text.charAt(pos++);
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    return c;
  }

  private SExpr.Position position() {
    return new SExpr.Position(file, line, column);
  }

  private StrategyFileException error(String message) {
    return new StrategyFileException(position(), message);
  }
}
