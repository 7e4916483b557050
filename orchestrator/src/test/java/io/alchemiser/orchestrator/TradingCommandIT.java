package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code alchemiser trading}, the halt switch from a shell, as an operator runs it: set while no node
 * runs, taken up by the node that starts on that data directory, read and changed through the node's
 * API with the configured token, and refused offline while a node runs there.
 */
class TradingCommandIT {
  private static final String TOKEN = "trading-cli-token-0123456789";

  @Test
  void haltedOfflineThenSeenAndResumedThroughARunningNode() throws Exception {
    Path work = Files.createTempDirectory("alchemiser-trading-cli");
    Path data = work.resolve("data");
    Map<String, String> env = new HashMap<>(Map.of("ALCHEMISER_DATA_DIR", data.toString(), "ALCHEMISER_API_TOKEN", TOKEN));

    JarProcess.Result nobody = JarProcess.run(work, env, "trading", "status", "--url", "http://127.0.0.1:" + freePort());
    assertThat(nobody.exitCode()).as(nobody.stderr()).isEqualTo(69);
    assertThat(nobody.stderr()).contains("no node answers").contains("--offline");

    JarProcess.Result badReason = JarProcess.run(work, env, "trading", "halt", "--offline", "--reason", "two\nlines");
    assertThat(badReason.exitCode()).isEqualTo(64);
    assertThat(badReason.stderr()).contains("--reason must be 1 to 200 characters");

    JarProcess.Result offline = JarProcess.run(work, env, "trading", "halt", "--offline", "--reason", "broker maintenance tonight");
    assertThat(offline.exitCode()).as(offline.stderr()).isZero();
    assertThat(offline.stdout()).contains("trading is HALTED since").contains("broker maintenance tonight");
    assertThat(new JsonObject(Files.readString(data.resolve("trading-halt.json"))).getBoolean("halted")).isTrue();

    try (JarProcess.Server server = JarProcess.serve(work, env, "--http-port", "0")) {
      String url = "http://127.0.0.1:" + server.port();
      JarProcess.Result status = JarProcess.run(work, env, "trading", "status", "--url", url, "--json");
      assertThat(status.exitCode()).as(status.stderr()).isZero();
      JsonObject state = new JsonObject(status.stdout().trim());
      assertThat(state.getBoolean("halted")).isTrue();
      assertThat(state.getString("reason")).isEqualTo("broker maintenance tonight");
      assertThat(state.getString("changedBy")).isEqualTo("alchemiser trading --offline, user " + System.getProperty("user.name"));

      Map<String, String> stranger = new HashMap<>(env);
      stranger.put("ALCHEMISER_API_TOKEN", "not-the-token-0123456789");
      JarProcess.Result refused = JarProcess.run(work, stranger, "trading", "resume", "--url", url);
      assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(77);
      assertThat(refused.stderr()).contains("401").doesNotContain("not-the-token");

      JarProcess.Result behindItsBack = JarProcess.run(work, env, "trading", "resume", "--offline", "--url", url);
      assertThat(behindItsBack.exitCode()).isEqualTo(64);
      assertThat(behindItsBack.stderr()).contains("a node answers at " + url);

      JarProcess.Result resumed = JarProcess.run(work, env, "trading", "resume", "--url", url, "--reason", "maintenance done");
      assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
      assertThat(resumed.stdout()).contains("trading is running (resumed").contains("maintenance done");
      assertThat(Files.readString(server.stderr())).contains("trading resumed by the operator (API from 127.0.0.1:")
          .contains("(alchemiser trading, user " + System.getProperty("user.name") + ")): maintenance done").doesNotContain(TOKEN);
    }

    // What the node saved is what the next start restores.
    JarProcess.Result after = JarProcess.run(work, env, "trading", "status", "--offline");
    assertThat(after.exitCode()).as(after.stderr()).isZero();
    assertThat(after.stdout()).contains("trading is running (resumed");
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
