package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alchemiser cluster-demo}: five processes of this jar on 127.0.0.1 — orchestrator and web,
 * strategy, portfolio, execution, notifications — joined in a cluster of their own, with mutual TLS on
 * its event bus (a CA and node certificates made for the demo in its directory); one workflow
 * through the API; the result; then every process it started is stopped.
 */
@Command(name = "cluster-demo", mixinStandardHelpOptions = true,
    description = "Start a five-process cluster on 127.0.0.1, run one workflow through its API, print the result, stop it all.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the workflow completed", "1:it failed", "70:the cluster did not come up"})
final class ClusterDemoCommand implements Callable<Integer> {
  private static final List<String> NODES = List.of("orchestrator,web", "strategy", "portfolio", "execution", "notifications");
  private static final Pattern PORT = Pattern.compile("HTTPS? listening on port (\\d+)");

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the nodes keep their data and logs (default: a new temporary directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("alchemiser-cluster-demo");
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(ClusterDemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<Integer> ports = io.alchemiser.orchestrator.app.ClusterPorts.free(NODES.size());
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    List<Process> processes = new ArrayList<>();
    Thread stopAll = new Thread(() -> stop(processes), "cluster-demo-stop");
    java.lang.Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      // The demo's cluster is as a real one should be: mutual TLS on the event bus, a certificate per node from its own CA.
      Path certs = work.resolve("certs");
      io.alchemiser.orchestrator.tls.CertificateAuthority authority = io.alchemiser.orchestrator.tls.CertificateAuthority.init(certs,
          "Alchemiser demo CA", Duration.ofDays(1));
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < NODES.size(); i++) {
        Path node = Files.createDirectories(work.resolve("node-" + i));
        Path[] nodeCert = authority.issue(certs, "node-" + i, List.of("127.0.0.1"), Duration.ofDays(1));
        Path log = node.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary, "-Xmx384m", "-jar", jar, "serve", "--cluster",
            "--cluster-port", Integer.toString(ports.get(i)), "--modules", NODES.get(i), "--http-port", "0")
            .directory(node.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
        builder.environment().put("ALCHEMISER_DATA_DIR", node.resolve("data").toString());
        builder.environment().put("ALCHEMISER_CLUSTER_MEMBERS", members);
        builder.environment().put("ALCHEMISER_CLUSTER_NAME", name);
        builder.environment().put("ALCHEMISER_CLUSTER_TLS_CERT", nodeCert[0].toString());
        builder.environment().put("ALCHEMISER_CLUSTER_TLS_KEY", nodeCert[1].toString());
        builder.environment().put("ALCHEMISER_CLUSTER_TLS_CA", certs.resolve(io.alchemiser.orchestrator.tls.CertificateAuthority.CA_CERT).toString());
        processes.add(builder.start());
        logs.add(log);
        System.err.println("started " + NODES.get(i) + " (pid " + processes.get(i).pid() + ", log " + log + ")");
      }
      int port = awaitPort(logs.get(0), processes.get(0));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + port;
      awaitReady(http, base);
      System.err.println("cluster ready at " + base);
      String id = "demo-" + UUID.randomUUID().toString().substring(0, 8);
      http.send(HttpRequest.newBuilder(URI.create(base + "/api/workflows"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"correlationId\": \"" + id + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      for (int i = 0; i < 600; i++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/workflows/" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && !Json.MAPPER.readTree(response.body()).get("status").asText().equals("active")) {
          System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(response.body())));
          return Json.MAPPER.readTree(response.body()).get("success").asBoolean() ? 0 : ExitCodes.FAILED;
        }
        Thread.sleep(100);
      }
      System.err.println("error: the workflow did not finish in 60 s");
      return ExitCodes.FAILED;
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return ExitCodes.SOFTWARE;
    } finally {
      stop(processes);
      java.lang.Runtime.getRuntime().removeShutdownHook(stopAll);
      System.err.println("stopped " + processes.size() + " processes; logs under " + work);
    }
  }

  private static int awaitPort(Path log, Process head) throws IOException, InterruptedException {
    for (int i = 0; i < 1200; i++) {
      Matcher matcher = PORT.matcher(Files.readString(log));
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!head.isAlive()) {
        throw new IllegalStateException("the head node exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the head node did not start listening in 120 s; see " + log);
  }

  private static void awaitReady(HttpClient http, String base) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the cluster did not become ready in 120 s");
  }

  private static synchronized void stop(List<Process> processes) {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
