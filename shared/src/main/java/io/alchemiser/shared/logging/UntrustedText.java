package io.alchemiser.shared.logging;

/** Text that came from outside, as an error message or a log line may quote it: one line, and short. */
public final class UntrustedText {
  private UntrustedText() {
  }

  /** {@code text} with control characters as '?', cut after {@code max} characters ("..." marks the cut); null as "". */
  public static String abbreviate(String text, int max) {
    String printable = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > max ? printable.substring(0, max) + "..." : printable;
  }
}
