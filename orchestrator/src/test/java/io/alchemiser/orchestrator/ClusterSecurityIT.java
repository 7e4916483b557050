package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.orchestrator.tls.CertificateAuthority;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may speak on the clustered event bus: separate JVMs of the jar on 127.0.0.1 with mutual TLS,
 * and a stranger ({@link RogueNode}) that knows the cluster's name and members but has no
 * certificate of its CA. The same stranger on a cluster without TLS shows what it would do.
 */
class ClusterSecurityIT {
  private Vertx vertx;
  private WebClient http;
  private ClusterCalls calls;
  private Path work;
  private final List<JarProcess.Server> nodes = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Process> rogues = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    calls = new ClusterCalls(http);
    work = Files.createTempDirectory("alchemiser-cluster-tls");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process rogue : rogues) {
      rogue.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    JarProcess.stopAll(List.copyOf(nodes));
    vertx.close().await();
  }

  private record Cluster(List<JarProcess.Server> servers, List<Integer> ports, String members, String name) {
  }

  /** One JVM per entry of {@code modules}; with {@code certs}, each with its own certificate of that CA. */
  private Cluster cluster(List<String> modules, Path certs) throws Exception {
    List<Integer> ports = io.alchemiser.orchestrator.app.ClusterPorts.free(modules.size() + 3);
    String members = ports.subList(0, modules.size()).stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String name = "tls-" + UUID.randomUUID();
    CertificateAuthority authority = certs == null ? null : CertificateAuthority.load(certs);
    List<Future<JarProcess.Server>> starting = new ArrayList<>();
    for (int i = 0; i < modules.size(); i++) {
      Path dir = Files.createDirectories(work.resolve("node-" + i));
      Map<String, String> env = new HashMap<>(Map.of("ALCHEMISER_DATA_DIR", dir.resolve("data").toString(),
          "ALCHEMISER_CLUSTER_MEMBERS", members, "ALCHEMISER_CLUSTER_NAME", name));
      if (authority != null) {
        Path[] issued = authority.issue(certs, "node-" + i, List.of("127.0.0.1"), Duration.ofDays(1));
        env.putAll(Map.of("ALCHEMISER_CLUSTER_TLS_CERT", issued[0].toString(), "ALCHEMISER_CLUSTER_TLS_KEY", issued[1].toString(),
            "ALCHEMISER_CLUSTER_TLS_CA", certs.resolve(CertificateAuthority.CA_CERT).toString()));
      }
      int port = ports.get(i);
      String list = modules.get(i);
      starting.add(vertx.executeBlocking(() -> {
        JarProcess.Server server = JarProcess.serve(dir, env, "--cluster", "--cluster-port", Integer.toString(port),
            "--modules", list, "--http-port", "0");
        nodes.add(server);
        return server;
      }, false));
    }
    return new Cluster(Future.join(starting).await().list(), ports, members, name);
  }

  /** What the stranger printed, once it has done its part and a legitimate workflow ran while it listened. */
  private List<String> rogue(Cluster cluster, int portIndex, String id, String manager, List<String> tls, Runnable whileListening)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(JarProcess.java(), "-Xmx256m",
        "-Dhazelcast.max.join.seconds=10", "-cp", System.getProperty("java.class.path"), RogueNode.class.getName(), Integer.toString(cluster.ports().get(portIndex)),
        cluster.members(), cluster.name(), id, manager));
    command.addAll(tls);
    Process process = new ProcessBuilder(command).redirectError(work.resolve("rogue-" + id + ".log").toFile()).start();
    rogues.add(process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (line.equals("published")) {
        break;
      }
    }
    if (!lines.contains("published")) {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return lines;
    }
    assertThat(lines).as("the stranger ran (log: %s)", work.resolve("rogue-" + id + ".log")).contains("started");
    whileListening.run();
    Thread.sleep(1_000);
    process.getOutputStream().close();
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return lines;
  }

  private Runnable workflow(int head, String id) {
    return () -> {
      try {
        JsonObject result = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"" + id + "\"}"), 60);
        assertThat(result.getString("status")).as(result.encode()).isEqualTo("completed");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @Test
  void onlyNodesWithTheClustersCertificatesSpeakOnTheBus() throws Exception {
    Path certs = work.resolve("certs");
    CertificateAuthority.init(certs, "test cluster CA", Duration.ofDays(1));
    Path foreign = work.resolve("foreign");
    CertificateAuthority stranger = CertificateAuthority.init(foreign, "someone else's CA", Duration.ofDays(1));
    Path[] strangerCert = stranger.issue(foreign, "stranger", List.of("127.0.0.1"), Duration.ofDays(1));

    Cluster cluster = cluster(List.of("orchestrator,web", "strategy,portfolio", "execution,notifications,web"), certs);
    int head = cluster.servers().get(0).port();
    calls.awaitReady(head);
    // A three-node cluster with TLS completes workflows end to end.
    JsonObject first = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"tls-1\"}"), 60);
    assertThat(first.getString("status")).as(first.encode()).isEqualTo("completed");
    assertThat(first.getJsonArray("ordersExecuted")).isNotEmpty();
    // BoringSSL loaded from the jar (its native library unpacked at run time) on every node: the bus's TLS at its cost, not the JDK engine's.
    for (JarProcess.Server server : cluster.servers()) {
      assertThat(Files.readString(server.stderr())).contains("bus over mutual TLS by BoringSSL");
    }
    JsonObject account = calls.getJson(head, "/api/account");

    // Strangers: Hazelcast as the cluster ran before, Infinispan with no certificate, Infinispan with another CA's.
    List<String> managers = List.of("hazelcast", "infinispan", "infinispan");
    List<List<String>> strangers = List.of(List.of(), List.of(),
        List.of(strangerCert[0].toString(), strangerCert[1].toString(), foreign.resolve(CertificateAuthority.CA_CERT).toString()));
    double refusedBefore = refused(head, "membership") + refused(cluster.servers().get(2).port(), "membership");
    for (int i = 0; i < strangers.size(); i++) {
      String id = "rogue-" + i;
      List<String> said = rogue(cluster, 3 + i, id, managers.get(i), strangers.get(i), workflow(head, "tls-while-rogue-" + i));
      if (managers.get(i).equals("hazelcast")) {
        // Hazelcast finds only TLS where it looks for members: it gives up, and never runs.
        assertThat(said).as(String.join("\n", said)).anyMatch(l -> l.startsWith("not started"));
      } else {
        // Infinispan, let in by nobody, runs alone: its plan reached no execution module, and of every
        // event published while it listened it got none.
        assertThat(said).as(String.join("\n", said)).anyMatch(l -> l.startsWith("plan failed"));
        assertThat(said.get(said.size() - 1)).isEqualTo("received 0");
      }
      // Its start never reached an orchestrator.
      assertThat(http.get(head, "127.0.0.1", "/api/workflows/" + id).send().await().statusCode()).isEqualTo(404);
      // It never became a member: every node still counts three.
      assertThat(Files.readString(cluster.servers().get(0).stderr()))
          .doesNotContain("cluster member joined: 127.0.0.1:" + cluster.ports().get(3 + i));
      double refusedNow = refused(head, "membership") + refused(cluster.servers().get(2).port(), "membership");
      assertThat(refusedNow).as("membership refusals counted for stranger %d", i).isGreaterThan(refusedBefore);
      refusedBefore = refusedNow;
    }
    // No order: the account is as the first workflow left it (the later ones held).
    assertThat(calls.getJson(head, "/api/account").getJsonArray("positions")).isEqualTo(account.getJsonArray("positions"));
    // The refusals are logged where they happened.
    assertThat(Files.readString(cluster.servers().get(0).stderr())).contains("cluster membership: refused a connection from")
        .contains("holds no certificate from the cluster's CA");
  }

  private double refused(int port, String direction) {
    String metrics = http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
    String series = "alchemiser_bus_connections_refused_total{direction=\"" + direction + "\"";
    return metrics.lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void withoutTlsTheSameStrangerIsHeard() throws Exception {
    Cluster cluster = cluster(List.of("orchestrator,web", "strategy,portfolio,execution,notifications"), null);
    int head = cluster.servers().get(0).port();
    calls.awaitReady(head);
    List<String> said = rogue(cluster, 2, "rogue-open", "hazelcast", List.of(), workflow(head, "open-1"));
    assertThat(said.get(said.size() - 1)).as(String.join("\n", said)).isNotEqualTo("received 0");
    assertThat(http.get(head, "127.0.0.1", "/api/workflows/rogue-open").send().await().statusCode()).isEqualTo(200);
    // Its plan reached the execution module, which placed nothing: no workflow of ours holds a lease for it.
    String execution = Files.readString(cluster.servers().get(1).stderr());
    assertThat(execution).contains("rogue-open-plan holds no lease on account").doesNotContain("[rogue-open-plan] ExecutionVerticle - order");
  }

  @Test
  void aNodeOffLoopbackWithoutTlsRefusesToStartNamingTheFix() throws Exception {
    JarProcess.Result refused = JarProcess.run(work, Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString()),
        "serve", "--cluster", "--cluster-host", "10.200.200.200", "--modules", "strategy");
    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(78);
    assertThat(refused.stderr()).contains("cluster.tls").contains("alchemiser certs init").contains("--insecure-cluster")
        .doesNotContain("\tat ");
  }
}
