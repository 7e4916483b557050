package io.alchemiser.shared.halt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The halt's state as files and other nodes carry it: checked when read, with who changed it kept. */
class TradingHaltTest {

  @Test
  void whoChangedItTravelsWithTheStateAndAFileWrittenBeforeItWasKeptStillReads() {
    TradingHalt halt = new TradingHalt(true, "vendor outage", Instant.parse("2026-12-08T14:02:11.482Z"), "API from 10.0.0.7:52114 (curl/8.5.0)");
    assertThat(TradingHalt.fromJson(halt.toJson())).isEqualTo(halt);

    JsonObject older = new JsonObject().put("halted", true).put("reason", "vendor outage").put("at", "2026-12-07T15:02:11.482Z");
    TradingHalt read = TradingHalt.fromJson(older);
    assertThat(read.halted()).isTrue();
    assertThat(read.by()).isNull();
    assertThat(read.toJson().containsKey("by")).isFalse();
  }

  @Test
  void whoChangedItIsTextOfBoundedLengthWithoutControlCharacters() {
    assertThatThrownBy(() -> TradingHalt.fromJson(new JsonObject().put("halted", true).put("at", "2026-12-07T15:02:11Z").put("by", 7)))
        .hasMessage("'by' must be text");
    TradingHalt long1 = new TradingHalt(false, null, Instant.EPOCH, "x".repeat(500) + "\n");
    assertThat(long1.by()).hasSize(TradingHalt.MAX_BY + 3).endsWith("...");
    assertThat(new TradingHalt(false, null, Instant.EPOCH, "a\nb").by()).isEqualTo("a?b");
  }
}
