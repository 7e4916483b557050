package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandGroup;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.tls.CertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certs init} and {@code certs node}: the cluster's CA and the certificates of its nodes. */
@Command(name = "certs", mixinStandardHelpOptions = true, subcommands = {CertsCommand.Init.class, CertsCommand.Node.class},
    description = "Make the certificates of a cluster: its own CA, and a certificate for each node (mutual TLS on the event bus; "
        + "HTTPS for the web module).")
final class CertsCommand extends CommandGroup {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create the cluster's CA in DIR: ca.crt (give it to every node) and ca.key (keep it safe; owner-only)."},
      exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:created", "64:bad usage", "73:DIR holds a CA already, or cannot be written"})
  static final class Init implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Directory of the CA (created when missing).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "The CA's common name (default: Alchemiser cluster CA).")
    String name = "Alchemiser cluster CA";

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: 3650).")
    int days = 3650;

    @Override
    public Integer call() {
      if (days < 1) {
        System.err.println("error: --days must be positive");
        return ExitCodes.USAGE;
      }
      try {
        CertificateAuthority.init(dir, name, Duration.ofDays(days));
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        return ExitCodes.CANNOT_CREATE;
      }
      System.out.println("created " + dir.resolve(CertificateAuthority.CA_CERT) + " and " + dir.resolve(CertificateAuthority.CA_KEY)
          + " (owner-only); next: alchemiser certs node " + dir + " NAME --host HOST");
      return ExitCodes.COMPLETED;
    }
  }

  @Command(name = "node", mixinStandardHelpOptions = true,
      description = {"Issue NAME.crt and NAME.key (owner-only) in DIR, signed by DIR's CA, for a node reached as NAME and each "
          + "--host (names and addresses). The certificate serves both ends of a connection."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:issued", "64:bad usage", "66:DIR has no CA (alchemiser certs init DIR)", "73:the files exist already, or cannot be written"})
  static final class Node implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory of the CA; the node's files are written there too.")
    Path dir;

    @Parameters(index = "1", paramLabel = "NAME", description = "The node's name (letters, digits, '.', '-', '_').")
    String name;

    @Option(names = "--host", paramLabel = "H", description = "A DNS name or address the node is reached as (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: 825).")
    int days = 825;

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
        System.err.println("error: NAME must be letters, digits, '.', '-' or '_' (at most 63), was '" + name + "'");
        return ExitCodes.USAGE;
      }
      for (String host : hosts) {
        if (!host.matches("[A-Za-z0-9.:*-]{1,253}")) {
          System.err.println("error: --host '" + host + "' is not a DNS name or an address");
          return ExitCodes.USAGE;
        }
      }
      if (days < 1) {
        System.err.println("error: --days must be positive");
        return ExitCodes.USAGE;
      }
      CertificateAuthority authority;
      try {
        authority = CertificateAuthority.load(dir);
      } catch (Exception e) {
        System.err.println("error: no CA in " + dir + " (" + e.getMessage() + "); make one with 'alchemiser certs init " + dir + "'");
        return ExitCodes.NO_INPUT;
      }
      Path[] files;
      try {
        files = authority.issue(dir, name, hosts, Duration.ofDays(days));
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        return ExitCodes.CANNOT_CREATE;
      }
      System.out.println("issued " + files[0] + " and " + files[1] + " (owner-only) for " + name + (hosts.isEmpty() ? "" : " " + hosts)
          + "; on that node set cluster.tls.cert=" + files[0] + " cluster.tls.key=" + files[1] + " cluster.tls.ca="
          + dir.resolve(CertificateAuthority.CA_CERT));
      return ExitCodes.COMPLETED;
    }
  }
}
