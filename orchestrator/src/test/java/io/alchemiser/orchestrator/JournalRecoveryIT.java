package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.json.Json;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A journal damaged on disk: every command says what to do, and {@code journal recover} gives a way back. The jar as a process. */
class JournalRecoveryIT {
  private Path work;
  private Path journal;
  private Map<String, String> env;

  @BeforeEach
  void twoWorkflowsJournaled() throws Exception {
    work = Files.createTempDirectory("alchemiser-journal");
    env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString());
    journal = work.resolve("data").resolve("journal").resolve("journal.mv.db");
    for (String id : List.of("recover-a", "recover-b")) {
      JarProcess.Result run = JarProcess.run(work, env, "run", "--json", "--correlation-id", id);
      assertThat(run.exitCode()).as(run.stderr()).isZero();
    }
  }

  @Test
  void aJournalDamagedWhereAWorkflowWasIsRebuiltWithoutIt() throws Exception {
    byte[] content = Files.readAllBytes(journal);
    // Overwrite every copy of the first workflow's events (the store's own index goes with them here).
    List<Integer> hits = occurrences(content, "recover-a".getBytes(StandardCharsets.UTF_8));
    assertThat(hits).isNotEmpty();
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      for (int at : hits) {
        file.seek(Math.max(8192, at - 64));
        file.write(new byte[256]);
      }
    }
    assertRefusedNamingRecover();

    JarProcess.Result recover = JarProcess.run(work, env, "journal", "recover", "--json");
    assertThat(recover.exitCode()).as(recover.stderr()).isZero();
    JsonNode report = Json.MAPPER.readTree(recover.stdout());
    assertThat(report.get("damaged").asBoolean()).isTrue();
    assertThat(Path.of(report.get("movedTo").asText())).exists().hasParent(journal.getParent());
    assertThat(report.get("lost")).isNotEmpty();
    assertThat(report.get("workflowsRecovered").asInt()).isLessThanOrEqualTo(1);

    JarProcess.Result history = JarProcess.run(work, env, "history", "--json");
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(Json.MAPPER.readTree(history.stdout()).get("workflows").size()).isEqualTo(report.get("workflowsRecovered").asInt());
    JarProcess.Result again = JarProcess.run(work, env, "run", "--json", "--correlation-id", "recover-c");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    JarProcess.Result healthy = JarProcess.run(work, env, "journal", "recover");
    assertThat(healthy.exitCode()).isZero();
    assertThat(healthy.stdout()).contains("is readable: nothing to recover");
  }

  @Test
  void aJournalWithoutItsHeadersIsRebuiltFromItsEvents() throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.write(new byte[8192]);
    }
    assertRefusedNamingRecover();

    JarProcess.Result recover = JarProcess.run(work, env, "journal", "recover");
    assertThat(recover.exitCode()).as(recover.stderr()).isZero();
    assertThat(recover.stdout()).contains("moved to").contains("scanned the file for events")
        .contains("Recovered").contains("of 2 workflows").contains("client order id");
    try (Stream<Path> files = Files.list(journal.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("journal.mv.db.damaged-"));
    }
    for (String id : List.of("recover-a", "recover-b")) {
      JarProcess.Result show = JarProcess.run(work, env, "show", id, "--json");
      assertThat(show.exitCode()).as(show.stderr()).isZero();
      JsonNode shown = Json.MAPPER.readTree(show.stdout());
      assertThat(shown.get("workflow").get("status").asText()).isEqualTo("completed");
      assertThat(shown.get("events").get(shown.get("events").size() - 1).get("metadata").get("eventType").asText())
          .isEqualTo("WorkflowCompleted");
    }
  }

  private void assertRefusedNamingRecover() throws Exception {
    JarProcess.Result history = JarProcess.run(work, env, "history");
    assertThat(history.exitCode()).as(history.stderr()).isEqualTo(74);
    assertThat(history.stderr()).contains("is damaged").contains("alchemiser journal recover").doesNotContain("\tat ");
    JarProcess.Result run = JarProcess.run(work, env, "run");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(74);
    assertThat(run.stderr()).contains("alchemiser journal recover").doesNotContain("\tat ");
  }

  private static List<Integer> occurrences(byte[] content, byte[] needle) {
    List<Integer> hits = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= content.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (content[i + j] != needle[j]) {
          continue outer;
        }
      }
      hits.add(i);
    }
    return hits;
  }
}
