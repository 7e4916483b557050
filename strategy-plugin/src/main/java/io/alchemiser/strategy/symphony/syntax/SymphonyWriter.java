package io.alchemiser.strategy.symphony.syntax;

import java.util.List;
import java.util.Map;

/**
 * Writes a syntax tree as {@code .clj} text that reads back to the same tree: a form that fits on
 * a line stays on it, a longer one puts each argument on its own line, indented under its operator.
 * This is what {@code alchemiser convert} prints for a Composer JSON export.
 */
public final class SymphonyWriter {
  private static final int LINE = 100;
  private final StringBuilder out = new StringBuilder();

  private SymphonyWriter() {
  }

  public static String write(SExpr form) {
    SymphonyWriter writer = new SymphonyWriter();
    writer.form(form, 0);
    return writer.out.append('\n').toString();
  }

  private void form(SExpr form, int indent) {
    String inline = inline(form, LINE - indent);
    if (inline != null) {
      out.append(inline);
      return;
    }
    if (form instanceof SExpr.SList list) {
      block("(", ")", list.items(), indent, true);
    } else if (form instanceof SExpr.Vector vector) {
      block("[", "]", vector.items(), indent, false);
    } else {
      // Maps and scalars are always short enough to keep whole.
      out.append(inline(form, Integer.MAX_VALUE));
    }
  }

  /**
   * A call keeps its head and the arguments before its first vector on the opening line while they
   * fit ({@code (filter (rsi {:window 14}) (select-top 1)}); the rest go one per line, indented.
   */
  private void block(String open, String close, List<SExpr> items, int indent, boolean call) {
    out.append(open);
    int lineStart = out.length() - open.length() - indent;
    int first = 0;
    if (call) {
      while (first < items.size() && !(items.get(first) instanceof SExpr.Vector)) {
        String inline = inline(items.get(first), Integer.MAX_VALUE);
        if (first > 0 && out.length() - lineStart + 1 + inline.length() > LINE) {
          break;
        }
        out.append(first > 0 ? " " : "").append(inline);
        first++;
      }
    }
    int inner = indent + (call ? 2 : 1);
    for (int i = first; i < items.size(); i++) {
      if (i > 0) {
        out.append('\n').append(" ".repeat(inner));
      }
      form(items.get(i), inner);
    }
    out.append(close);
  }

  /** The form on one line, or null when it is longer than {@code room}. */
  private static String inline(SExpr form, int room) {
    StringBuilder line = new StringBuilder();
    return inline(form, line, room) ? line.toString() : null;
  }

  private static boolean inline(SExpr form, StringBuilder line, int room) {
    if (form instanceof SExpr.SList list) {
      return sequence("(", ")", list.items(), line, room);
    } else if (form instanceof SExpr.Vector vector) {
      return sequence("[", "]", vector.items(), line, room);
    } else if (form instanceof SExpr.MapExpr map) {
      line.append('{');
      boolean firstEntry = true;
      for (Map.Entry<String, SExpr> entry : map.entries().entrySet()) {
        line.append(firstEntry ? ":" : " :").append(entry.getKey()).append(' ');
        firstEntry = false;
        if (!inline(entry.getValue(), line, room)) {
          return false;
        }
      }
      line.append('}');
    } else if (form instanceof SExpr.Str s) {
      line.append('"').append(s.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")).append('"');
    } else if (form instanceof SExpr.Keyword k) {
      line.append(':').append(k.name());
    } else if (form instanceof SExpr.Num n) {
      line.append(n.value().toPlainString());
    } else if (form instanceof SExpr.Symbol s) {
      line.append(s.name());
    } else {
      line.append("nil");
    }
    return line.length() <= room;
  }

  private static boolean sequence(String open, String close, List<SExpr> items, StringBuilder line, int room) {
    line.append(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        line.append(' ');
      }
      if (!inline(items.get(i), line, room) || line.length() > room) {
        return false;
      }
    }
    line.append(close);
    return line.length() <= room;
  }
}
