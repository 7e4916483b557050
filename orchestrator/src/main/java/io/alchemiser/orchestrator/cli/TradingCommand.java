package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandGroup;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.tls.PemFiles;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.halt.TradingHalt;
import io.alchemiser.shared.halt.TradingHalts;
import io.alchemiser.shared.logging.UntrustedText;
import io.alchemiser.shared.plugin.Plugins;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alchemiser trading status|halt|resume}: the operator's halt switch from a shell, through a
 * running node's API (its token from the config, never printed), or with {@code --offline} in the data
 * directory while no node runs there, for the node to restore when it starts (the newest change wins).
 */
@Command(name = "trading", mixinStandardHelpOptions = true,
    description = "Show, halt or resume trading on a running cluster (through a node's API), or with --offline while no node runs.",
    subcommands = {TradingCommand.Status.class, TradingCommand.Halt.class, TradingCommand.Resume.class})
final class TradingCommand extends CommandGroup {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String WHO = "user " + System.getProperty("user.name");

  /** What the three subcommands share: where the node is, how to prove who we are, and how to print. */
  abstract static class Base implements Callable<Integer> {
    @Mixin
    CommonOptions.ConfigFile configOption;
    @Mixin
    CommonOptions.JsonOutput jsonOption;
    @Option(names = "--url", paramLabel = "URL",
        description = "The node's web address (default: web.host and web.port of the config, https with web.tls).")
    String url;
    @Option(names = "--ca", paramLabel = "FILE", description = "Trust the HTTPS certificate from this CA (PEM; default: web.tls.ca, else cluster.tls.ca).")
    Path ca;
    @Option(names = "--offline", description = "No node runs on this data directory: read or write <dataDir>/"
        + TradingHalts.FILE + " instead; a node restores it when it starts, the newest change winning.")
    boolean offline;

    ConfigReader root;

    @Override
    public Integer call() throws Exception {
      Vertx vertx = Vertx.vertx();
      try {
        root = ConfigReader.root(ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await());
      } finally {
        vertx.close().await();
      }
      String reason = reason();
      if (reason != null && (reason.isEmpty() || reason.length() > TradingHalt.MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
        System.err.println("error: --reason must be 1 to " + TradingHalt.MAX_REASON + " characters, without control characters");
        return ExitCodes.USAGE;
      }
      HttpClient http = client();
      return offline ? offline(http) : online(http, URI.create(base() + "/api/trading"));
    }

    /** The operator's reason, where the command takes one. */
    String reason() {
      return null;
    }

    abstract int offline(HttpClient http) throws IOException, InterruptedException;

    abstract int online(HttpClient http, URI trading) throws IOException, InterruptedException;

    Path dataDir() {
      return Path.of(root.string("dataDir", "./data"));
    }

    private String base() {
      if (url != null) {
        if (!url.matches("https?://[^/\\s]+/?")) {
          throw new ConfigException("--url", "must be http://HOST:PORT or https://HOST:PORT, was '" + UntrustedText.abbreviate(url, 80) + "'");
        }
        return url.replaceAll("/$", "");
      }
      ConfigReader web = root.section("web");
      String host = web.string("host", "127.0.0.1");
      // A node listening on every interface is reached on this host through loopback.
      host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
      boolean tls = web.section("tls").string("cert", null) != null;
      return (tls ? "https://" : "http://") + host + ":" + web.string("port", "8080");
    }

    private HttpClient client() throws IOException {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
      Path authority = ca != null ? ca : Path.of(root.section("web").section("tls").string("ca",
          root.section("cluster").section("tls").string("ca", "")));
      if (!authority.toString().isEmpty()) {
        builder.sslContext(trusting(authority));
      }
      return builder.build();
    }

    private static SSLContext trusting(Path authority) throws IOException {
      try {
        List<X509Certificate> certificates = PemFiles.readCertificates(authority);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
          store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        throw new ConfigException("--ca", "cannot use " + authority + " as a CA: " + e.getMessage());
      }
    }

    /** The request with the configured token; the answer's state printed, or why not, as an exit status. */
    int exchange(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
      String token = root.section("web").string("apiToken", null);
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      URI uri = request.build().uri();
      HttpResponse<String> response;
      try {
        // What the node keeps as who changed the state: "API from <address> (alchemiser trading, user <name>)".
        response = http.send(request.timeout(TIMEOUT).header("Accept", "application/json").header("User-Agent", "alchemiser trading, " + WHO)
            .build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
        System.err.println("error: no node answers at " + uri.getScheme() + "://" + uri.getAuthority()
            + " (--url, or web.host and web.port); while no node runs, use --offline");
        return ExitCodes.UNAVAILABLE;
      } catch (javax.net.ssl.SSLException e) {
        System.err.println("error: HTTPS with " + uri.getAuthority() + " failed (" + e.getMessage() + "); --ca names the CA to trust, "
            + "--url an address its certificate names");
        return ExitCodes.UNAVAILABLE;
      }
      int status = response.statusCode();
      JsonObject body;
      try {
        body = new JsonObject(response.body());
        if (status == 200) {
          print(new TradingHalt(body.getBoolean("halted"), body.getString("reason"),
              body.getString("changedAt") == null ? TradingHalt.NONE.at() : Instant.parse(body.getString("changedAt")), body.getString("changedBy")));
          return ExitCodes.COMPLETED;
        }
      } catch (DecodeException | ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
        System.err.println("error: " + uri + " answered " + status + " with no trading state: is that an Alchemiser node?");
        return ExitCodes.UNAVAILABLE;
      }
      System.err.println("error: " + uri + " answered " + status + ": " + UntrustedText.abbreviate(
          body.getString("detail", body.getString("error", "")), 300));
      return status == 401 || status == 403 ? ExitCodes.NO_PERMISSION : status < 500 ? ExitCodes.USAGE : ExitCodes.UNAVAILABLE;
    }

    void print(TradingHalt state) {
      if (jsonOption.json) {
        System.out.println(new JsonObject().put("halted", state.halted()).put("reason", state.reason())
            .put("changedAt", state.at().equals(TradingHalt.NONE.at()) ? null : state.at().toString()).put("changedBy", state.by()).encode());
      } else {
        String when = state.at() + (state.reason() == null ? "" : ": " + state.reason()) + (state.by() == null ? "" : " (by " + state.by() + ")");
        System.out.println(state.halted() ? "trading is HALTED since " + when
            : "trading is running" + (state.at().equals(TradingHalt.NONE.at()) ? "" : " (resumed " + when + ")"));
      }
    }

    /** A halt or resume written to the data directory, once no node is found running there. */
    int writeOffline(HttpClient http, boolean halt, String reason) throws IOException, InterruptedException {
      try {
        http.send(HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
        System.err.println("error: a node answers at " + base() + ": change the state through it (without --offline), "
            + "else it would not see this change until it restarts");
        return ExitCodes.USAGE;
      } catch (ConnectException | java.net.http.HttpConnectTimeoutException nobody) {
        // No node there: the file is the state. Anything else (a TLS handshake refused, say) is a node that answered.
      } catch (IOException somebody) {
        System.err.println("error: something answers at " + base() + " (" + somebody.getMessage() + "): if it is a node, "
            + "change the state through it (without --offline)");
        return ExitCodes.USAGE;
      }
      TradingHalt state = new TradingHalt(halt, reason, Instant.now(), "alchemiser trading --offline, " + WHO);
      TradingHalts.save(dataDir(), state);
      print(state);
      System.err.println("written to " + dataDir().resolve(TradingHalts.FILE) + "; a node on this data directory takes it into the cluster when it starts");
      return ExitCodes.COMPLETED;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether trading is halted, since when and why.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:printed", "64:bad usage", "65:the halt file cannot be read (--offline)", "69:no node answers", "77:the API token was refused", "78:bad config"})
  static final class Status extends Base {
    @Override
    int offline(HttpClient http) throws IOException {
      Path file = dataDir().resolve(TradingHalts.FILE);
      if (!Files.exists(file)) {
        print(TradingHalt.NONE);
        return ExitCodes.COMPLETED;
      }
      try {
        print(TradingHalt.fromJson(new JsonObject(Files.readString(file))));
        return ExitCodes.COMPLETED;
      } catch (RuntimeException e) {
        System.err.println("error: " + file + " cannot be read (" + UntrustedText.abbreviate(e.getMessage(), 120)
            + "): a node starting on it halts trading until it is resumed");
        return ExitCodes.DATA_ERROR;
      }
    }

    @Override
    int online(HttpClient http, URI trading) throws IOException, InterruptedException {
      return exchange(http, HttpRequest.newBuilder(trading).GET());
    }
  }

  /** A halt or a resume: through the node's API, or into the data directory while no node runs. */
  abstract static class Change extends Base {
    private final boolean halting;

    Change(boolean halting) {
      this.halting = halting;
    }

    @Override
    int offline(HttpClient http) throws IOException, InterruptedException {
      return writeOffline(http, halting, reason());
    }

    @Override
    int online(HttpClient http, URI trading) throws IOException, InterruptedException {
      JsonObject body = reason() == null ? new JsonObject() : new JsonObject().put("reason", reason());
      return exchange(http, HttpRequest.newBuilder(URI.create(trading + (halting ? "/halt" : "/resume")))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }
  }

  @Command(name = "halt", mixinStandardHelpOptions = true,
      description = "Halt trading everywhere: no further live order is placed until it is resumed; dry runs and backtests go on.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:halted", "64:bad usage, or a node runs (--offline)", "69:no node answers", "77:the API token was refused", "78:bad config"})
  static final class Halt extends Change {
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (1 to 200 characters): shown with every refused order.")
    String reason;

    @Override
    String reason() {
      return reason;
    }

    Halt() {
      super(true);
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume trading after a halt.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:resumed", "64:bad usage, or a node runs (--offline)", "69:no node answers", "77:the API token was refused", "78:bad config"})
  static final class Resume extends Change {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the log (1 to 200 characters).")
    String reason;

    @Override
    String reason() {
      return reason;
    }

    Resume() {
      super(false);
    }
  }
}
