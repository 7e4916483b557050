package io.alchemiser.shared.event;

import io.alchemiser.shared.event.CorrelationIds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorrelationIdsTest {
  @Test
  void onlySafeCharactersUpToSixtyFour() {
    assertThat(CorrelationIds.isValid("sched-daily-20261125T1545")).isTrue();
    assertThat(CorrelationIds.isValid("a.b_c:d-E9")).isTrue();
    assertThat(CorrelationIds.isValid("x".repeat(64))).isTrue();
    assertThat(CorrelationIds.isValid("x".repeat(65))).isFalse();
    assertThat(CorrelationIds.isValid("")).isFalse();
    assertThat(CorrelationIds.isValid(null)).isFalse();
    for (String bad : new String[] {"a b", "a/b", "../x", "a\nb", "ü", "a;b"}) {
      assertThat(CorrelationIds.isValid(bad)).as(bad).isFalse();
    }
    assertThat(CorrelationIds.isValid(CorrelationIds.generate())).isTrue();
    assertThatThrownBy(() -> CorrelationIds.validate("a\nb")).hasMessageContaining("a?b").hasMessageContaining("1-64");
  }

  /** The hand-written check agrees with the pattern it replaced on random strings of the characters around its edges. */
  @Test
  void agreesWithTheRegularExpressionItReplaced() {
    java.util.regex.Pattern reference = java.util.regex.Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");
    String alphabet = "aZz09._:-/ \n\u00fc@AY`{[^";
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 20_000; i++) {
      // Every other string of allowed characters only, so lengths around 64 are reached too.
      String chars = i % 2 == 0 ? alphabet : "aZz09._:-AY";
      StringBuilder id = new StringBuilder();
      for (int n = random.nextInt(70); n > 0; n--) {
        id.append(chars.charAt(random.nextInt(chars.length())));
      }
      assertThat(CorrelationIds.isValid(id.toString())).as(id.toString()).isEqualTo(reference.matcher(id).matches());
    }
  }
}
