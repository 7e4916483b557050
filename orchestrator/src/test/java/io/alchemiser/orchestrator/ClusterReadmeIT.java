package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster as the README shows it: its commands, read from the README itself and run through the
 * launcher as separate processes, with nothing set but a cluster name of their own (so that
 * parallel runs never meet) — on a host that may have other interfaces than loopback.
 */
class ClusterReadmeIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  private static final Pattern ANNOUNCED = Pattern.compile("joined cluster '[^']+' as ([0-9.]+):(\\d+)");

  private Vertx vertx;
  private WebClient http;
  private ClusterCalls calls;
  private Path work;
  private final List<JarProcess.Server> nodes = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    calls = new ClusterCalls(http);
    work = Files.createTempDirectory("alchemiser-readme-cluster");
  }

  @AfterEach
  void tearDown() throws Exception {
    JarProcess.stopAll(List.copyOf(nodes));
    vertx.close().await();
  }

  /** The one-host commands of the README's Cluster section, as written there. */
  private static List<String> readmeCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("\n## Cluster\n"));
    section = section.substring(0, section.indexOf("\n## ", 5));
    String block = section.substring(section.indexOf("```\n") + 4);
    block = block.substring(0, block.indexOf("```"));
    return block.lines().map(String::strip).filter(line -> line.startsWith("./alchemiser serve --cluster")).toList();
  }

  private JarProcess.Server launch(String commandLine, Path dir, Map<String, String> env) throws Exception {
    List<String> words = new ArrayList<>(Arrays.asList(commandLine.strip().split("\\s+")));
    words.set(0, ROOT.resolve("alchemiser").toString());
    JarProcess.Server server = JarProcess.start(Files.createDirectories(dir), env, words);
    nodes.add(server);
    return server;
  }

  @Test
  void theReadmesClusterCommandsFormOneClusterOnLoopbackAndCompleteAWorkflow() throws Exception {
    List<String> commands = readmeCommands();
    assertThat(commands).hasSize(5);
    assertThat(String.join("\n", commands)).contains("orchestrator,web", "strategy", "portfolio", "execution", "notifications");
    // The head node's port as the README gives it may be taken on a shared machine: 0 picks a free one.
    Map<String, String> env = Map.of("ALCHEMISER_CLUSTER_NAME", "readme-" + UUID.randomUUID());
    List<Future<JarProcess.Server>> starting = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String line = commands.get(i).replace("--http-port 8080", "--http-port 0");
      Path dir = work.resolve("node-" + i);
      starting.add(vertx.executeBlocking(() -> launch(line, dir, env), false));
    }
    List<JarProcess.Server> servers = Future.join(starting).await().list();
    JarProcess.Server head = servers.get(0);
    assertThat(head.port()).isPositive();

    JsonObject ready = calls.awaitReady(head.port());
    JsonObject cluster = check(ready, "cluster");
    assertThat(cluster.getJsonObject("data").getInteger("members")).isEqualTo(5);

    String id = calls.start(head.port(), "{}");
    JsonObject ended = calls.awaitEnd(head.port(), id, 60);
    assertThat(ended.getString("status")).as(ended.encode()).isEqualTo("completed");
    assertThat(ended.getJsonArray("ordersExecuted")).isNotEmpty();

    // Each node bound and announced loopback, whatever else this host has, and logged the members it saw.
    System.out.println("interfaces of this host: " + interfaces());
    for (JarProcess.Server server : servers) {
      String log = Files.readString(server.stderr());
      Matcher matcher = ANNOUNCED.matcher(log);
      assertThat(matcher.find()).as(log).isTrue();
      assertThat(matcher.group(1)).isEqualTo("127.0.0.1");
      assertThat(Integer.parseInt(matcher.group(2))).isBetween(5701, 5720);
    }
  }

  @Test
  void severalHostsJoinThroughTheMemberListAndANodeThatReachesNoMemberStops() throws Exception {
    // 127.0.0.2-4 stand for three hosts: each node binds its own address only.
    int first = freePort("127.0.0.2");
    int second = freePort("127.0.0.3");
    String members = "127.0.0.2:" + first + ",127.0.0.3:" + second;
    Map<String, String> env = Map.of("ALCHEMISER_CLUSTER_NAME", "hosts-" + UUID.randomUUID());
    List<String> commands = List.of(
        "./alchemiser serve --cluster --cluster-host 127.0.0.2 --cluster-port " + first + " --cluster-members " + members
            + " --modules orchestrator,web --http-port 0",
        "./alchemiser serve --cluster --cluster-host 127.0.0.3 --cluster-port " + second + " --cluster-members " + members
            + " --modules strategy,portfolio",
        "./alchemiser serve --cluster --cluster-host 127.0.0.4 --cluster-members " + members + " --modules execution,notifications");
    List<Future<JarProcess.Server>> starting = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String line = commands.get(i);
      Path dir = work.resolve("host-" + i);
      starting.add(vertx.executeBlocking(() -> launch(line, dir, env), false));
    }
    List<JarProcess.Server> servers = Future.join(starting).await().list();
    JsonObject ready = calls.awaitReady(servers.get(0).port());
    assertThat(check(ready, "cluster").getJsonObject("data").getInteger("members")).isEqualTo(3);
    String id = calls.start(servers.get(0).port(), "{}");
    assertThat(calls.awaitEnd(servers.get(0).port(), id, 60).getString("status")).isEqualTo("completed");
    for (int i = 0; i < servers.size(); i++) {
      Matcher matcher = ANNOUNCED.matcher(Files.readString(servers.get(i).stderr()));
      assertThat(matcher.find()).isTrue();
      assertThat(matcher.group(1)).isEqualTo("127.0.0." + (i + 2));
    }

    // A node that only joins, and whose members are not there, stops naming them.
    Path lonely = Files.createDirectories(work.resolve("lonely"));
    Files.writeString(lonely.resolve("config.yaml"), "cluster:\n  joinTimeoutSeconds: 3\n");
    int nobody = freePort("127.0.0.6");
    JarProcess.Result alone = JarProcess.run(lonely, Map.of("ALCHEMISER_CLUSTER_NAME", "alone-" + UUID.randomUUID()),
        "serve", "--cluster", "--cluster-host", "127.0.0.5", "--cluster-members", "127.0.0.6:" + nobody,
        "--modules", "strategy", "--config", lonely.resolve("config.yaml").toString());
    assertThat(alone.exitCode()).as(alone.stderr()).isEqualTo(69);
    assertThat(alone.stderr()).contains("no cluster member could be reached within 3 s; tried 127.0.0.6:" + nobody);
  }

  private static JsonObject check(JsonObject ready, String id) {
    return ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }

  private static String interfaces() throws IOException {
    List<String> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      Collections.list(nic.getInetAddresses()).forEach(a -> found.add(nic.getName() + " " + a.getHostAddress()));
    }
    return String.join(", ", found);
  }
}
