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
}
