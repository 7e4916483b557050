package io.alchemiser.shared;

import io.alchemiser.shared.bus.EventCodecTest;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.marketdata.CsvBars;
import io.alchemiser.shared.marketdata.MarketDataException;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and truncated input to the parsers in shared — event JSON, CSV bars, config files — ends in
 * the parser's own clear error or a result, never in another exception or a hang. (The symphony
 * parser and the HTTP bodies have their own such tests.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RobustnessTest {
  private static final long SEED = 4242;

  private static String mutate(Random random, String valid) {
    StringBuilder text = new StringBuilder(valid.substring(0, random.nextInt(valid.length() + 1)));
    int edits = random.nextInt(4);
    for (int i = 0; i < edits && text.length() > 0; i++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(3)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, "{}[]\",:-0.5e99\n\u0000é".charAt(random.nextInt(15)));
        default -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
      }
    }
    return text.toString();
  }

  @Test
  void eventJson() {
    Random random = new Random(SEED);
    for (WorkflowEvent event : EventCodecTest.oneOfEach()) {
      String valid = new String(EventCodec.toJsonBytes(event), StandardCharsets.UTF_8);
      for (int i = 0; i < 300; i++) {
        String input = mutate(random, valid);
        try {
          WorkflowEvent decoded = EventCodec.fromJson(input);
          assertThat(decoded.metadata()).isNotNull();
        } catch (EventRejectedException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
  }

  @Test
  void csvBars() throws Exception {
    Random random = new Random(SEED);
    String valid = "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1.5,2.5,1.0,2.0,200\n";
    String yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.4,100\n";
    for (String base : new String[] {valid, yahoo}) {
      for (int i = 0; i < 2000; i++) {
        try {
          assertThat(CsvBars.parse("f.csv", new StringReader(mutate(random, base)))).isNotEmpty();
        } catch (MarketDataException e) {
          assertThat(e.getMessage()).startsWith("f.csv");
        }
      }
    }
  }

  @Test
  void configFiles() throws Exception {
    Random random = new Random(SEED);
    String valid = new String(getClass().getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE).readAllBytes(),
        StandardCharsets.UTF_8);
    Vertx vertx = Vertx.vertx();
    try {
      Path file = Files.createTempFile("alchemiser-fuzz", ".yaml");
      for (int i = 0; i < 150; i++) {
        Files.writeString(file, mutate(random, valid));
        try {
          ConfigReader root = ConfigReader.root(ConfigLoader.load(vertx, file, io.alchemiser.shared.config.TestSchemas.MODULES).await());
          root.section("orchestrator").positiveLong("workflowTimeoutSeconds", 120);
          root.stringList("modules", java.util.List.of());
          root.section("portfolio").nonNegativeDecimal("cashReserve", java.math.BigDecimal.ZERO);
        } catch (ConfigException e) {
          assertThat(e.getMessage()).startsWith("config '");
        }
      }
    } finally {
      vertx.close().await();
    }
  }
}
