package io.alchemiser.strategy.symphony.syntax;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The syntax tree of a symphony file: Clojure-like data, each value with where it stands. */
public sealed interface SExpr {
  Position at();

  /** A human name for error messages: "a string", "a list", ... */
  String describe();

  /** Where a value stands: line and column in a {@code .clj} file, or the JSON path in a Composer export ({@code path} set). */
  public record Position(String file, int line, int column, String path) {
    public Position(String file, int line, int column) {
      this(file, line, column, null);
    }

    /** Within its file: {@code 12:5}, or a JSON path such as {@code $.children[0].children[2]}. */
    public String where() {
      return path != null ? path : line + ":" + column;
    }

    @Override
    public String toString() {
      return file + ":" + where();
    }
  }

  public record SList(List<SExpr> items, Position at) implements SExpr {
    public String describe() {
      return items.isEmpty() ? "an empty list" : "a list";
    }

    /** The operator symbol at the head, or null. */
    public String head() {
      return !items.isEmpty() && items.get(0) instanceof Symbol s ? s.name() : null;
    }
  }

  public record Vector(List<SExpr> items, Position at) implements SExpr {
    public String describe() {
      return "a vector";
    }
  }

  /** Keys in file order; keys are keywords without the colon. */
  public record MapExpr(Map<String, SExpr> entries, Position at) implements SExpr {
    public String describe() {
      return "a map";
    }
  }

  public record Str(String value, Position at) implements SExpr {
    public String describe() {
      return "the string \"" + value + "\"";
    }
  }

  public record Keyword(String name, Position at) implements SExpr {
    public String describe() {
      return "the keyword :" + name;
    }
  }

  public record Num(BigDecimal value, Position at) implements SExpr {
    public String describe() {
      return "the number " + value.toPlainString();
    }
  }

  public record Symbol(String name, Position at) implements SExpr {
    public String describe() {
      return "the symbol " + name;
    }
  }

  public record Nil(Position at) implements SExpr {
    public String describe() {
      return "nil";
    }
  }
}
