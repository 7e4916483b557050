package io.alchemiser.orchestrator.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowStarted;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A journal whose store opens but one of whose pages is damaged: the pages around it are read. */
class JournalRecoveryTest {

  @Test
  void aDamagedPageLosesOnlyItsOwnEntries() throws Exception {
    Path dataDir = Files.createTempDirectory("alchemiser-recovery");
    try (Journal journal = Journal.open(dataDir, false)) {
      for (int batch = 0; batch < 20; batch++) {
        TreeMap<Long, byte[]> events = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
          long key = batch * 100L + i + 1;
          events.put(key, EventCodec.toJsonBytes(new WorkflowStarted(
              EventMetadata.next(EventType.WORKFLOW_STARTED, String.format("wf-%05d", key), null, "test"), false, "test")));
        }
        journal.restore(events, List.of());
      }
    }
    Path file = dataDir.resolve("journal").resolve(Journal.FILE);
    byte[] content = Files.readAllBytes(file);
    // The live copy of a page is the last one written.
    int at = new String(content, StandardCharsets.ISO_8859_1).lastIndexOf("wf-01000");
    assertThat(at).isPositive();
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(at - 200);
      raw.write(new byte[400]);
    }
    assertThatThrownBy(() -> {
      try (Journal journal = Journal.open(dataDir, true)) {
        journal.forEach(event -> { });
      }
    }).isInstanceOf(Journal.DamagedException.class).hasMessageContaining("alchemiser journal recover");

    JournalRecovery.Report report = JournalRecovery.recover(dataDir);
    assertThat(report.damaged()).isTrue();
    assertThat(report.method()).contains("damaged pages skipped");
    assertThat(report.lost()).isNotEmpty().allMatch(range -> range.startsWith("events entr"));
    assertThat(report.events()).isBetween(1000, 1999);
    assertThat(report.workflows()).isEqualTo(report.events());
    assertThat(report.unfinished()).hasSize(report.workflows());
    try (Journal rebuilt = Journal.open(dataDir, true)) {
      assertThat(rebuilt.size()).isEqualTo(report.events());
    }
    assertThat(JournalRecovery.recover(dataDir).damaged()).isFalse();
  }
}
