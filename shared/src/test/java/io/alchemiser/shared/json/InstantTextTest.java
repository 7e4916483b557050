package io.alchemiser.shared.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {
  @Test
  void readsWhatInstantWritesAsInstantParseDoes() {
    Random random = new Random(17);
    for (int i = 0; i < 200_000; i++) {
      // Years 0000–9999 (Instant.toString's four-digit form), whole seconds, millis, micros and nanos.
      long second = Math.floorMod(random.nextLong(), 315_537_897_600L) - 62_167_219_200L;
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      String text = Instant.ofEpochSecond(second, nanos).toString();
      assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void anythingElseIsWhatInstantParseMakesOfIt() {
    for (String text : List.of("2026-12-01T07:41:35.1Z", "2026-12-01T07:41:35.12Z", "2026-12-01T07:41:35.1234Z",
        "2026-12-01t07:41:35z", "+12026-12-01T07:41:35Z", "2024-02-29T23:59:59Z", "2026-12-01T23:59:60Z",
        "2026-12-01T24:00:00Z", "2026-12-01T07:41:35.Z")) {
      assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
    for (String text : List.of("2026-02-29T07:41:35Z", "2026-13-01T07:41:35Z", "2026-12-01T07:61:35Z",
        "2026-12-01T07:41:35.1234567890Z", "2026-12-01 07:41:35Z", "2026-12-0xT07:41:35Z",
        "2026-12-01T07:41:35", "", "2026-12-01T07:41:35.12a4Z", "٢٠٢٦-12-01T07:41:35Z")) {
      assertThatThrownBy(() -> InstantText.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }
}
