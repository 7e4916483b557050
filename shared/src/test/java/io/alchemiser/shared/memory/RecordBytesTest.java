package io.alchemiser.shared.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordBytesTest {
  enum Side { BUY, SELL }

  record Leg(String symbol, Side side, BigDecimal quantity) {
  }

  record Everything(String text, int count, long big, boolean flag, BigDecimal money, Instant at, LocalDate day,
                    Side side, List<Leg> legs, Map<String, BigDecimal> weights, Leg nested, String absent) {
  }

  @Test
  void everyKindOfComponentComesBackEqualWithDecimalsExactToTheirScale() {
    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    weights.put("TLT", new BigDecimal("0.666666666666666667"));
    weights.put("SPY", new BigDecimal("0.333333333333333333"));
    Everything value = new Everything("é ünïcode ✓", -42, Long.MIN_VALUE, true,
        new BigDecimal("123456789012345678901234567890.0100"), Instant.parse("2026-12-01T10:00:00.123456789Z"),
        LocalDate.of(1970, 1, 1).minusDays(3), Side.SELL,
        List.of(new Leg("SPY", Side.BUY, new BigDecimal("-1.50")), new Leg("", Side.SELL, BigDecimal.ZERO),
            new Leg("X", Side.BUY, new BigDecimal("1.2E+5")), new Leg("Y", Side.BUY, new BigDecimal("-9223372036854775808"))),
        weights, new Leg("QQQ", null, null), null);
    RecordBytes<Everything> bytes = RecordBytes.of(Everything.class);

    Everything back = bytes.decode(bytes.encode(value));

    assertThat(back).isEqualTo(value);
    assertThat(back.money().scale()).isEqualTo(4);
    assertThat(back.legs().get(0).quantity().toString()).isEqualTo("-1.50");
    assertThat(back.weights().keySet()).containsExactly("TLT", "SPY");
    assertThat(back.legs().get(2).quantity().scale()).isEqualTo(-4);
  }

  record Unsupported(Set<String> tags) {
  }

  @Test
  void aComponentOfAnUnlistedTypeFailsWhenTheCodecIsMade() {
    assertThatThrownBy(() -> RecordBytes.of(Unsupported.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Set");
  }
}
