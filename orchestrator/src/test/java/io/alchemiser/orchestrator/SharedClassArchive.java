package io.alchemiser.orchestrator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the jar's classes as a cluster node loads them, made once per jar
 * (next to it, named by its size and time) and handed to every JVM the tests start.
 *
 * <p>Why: the multi-JVM tests start five nodes at once on a two-core machine, and each spent about
 * 6 s of CPU loading and verifying the fat jar's classes before it joined; with the archive it is
 * about 3.5 s. The nodes run the same code either way; only where their classes come from differs.
 * If the archive cannot be made, the tests run without it.
 */
final class SharedClassArchive {
  private static List<String> flags;

  private SharedClassArchive() {
  }

  /** The JVM options that use the archive (none when it could not be made); silent when the JVM cannot map it. */
  static synchronized List<String> flags() {
    if (flags == null) {
      Path archive = archiveFor(JarProcess.jar());
      List<String> using = archive == null ? List.of()
          : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off");
      flags = accepted(using) ? using : List.of();
    }
    return flags;
  }

  /** Whether this JVM starts with {@code options} (another JDK might not know a log tag): else the tests go without. */
  private static boolean accepted(List<String> options) {
    if (options.isEmpty()) {
      return true;
    }
    try {
      List<String> command = new ArrayList<>(List.of(JarProcess.java()));
      command.addAll(options);
      command.add("-version");
      Process probe = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!probe.waitFor(30, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return false;
      }
      return probe.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Path archiveFor(Path jar) {
    try {
      Path archive = jar.resolveSibling("alchemiser-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
      if (Files.isRegularFile(archive)) {
        return archive;
      }
      // The node that made it leaves its data beside the jar, where a clean build removes it.
      Path work = Files.createTempDirectory(jar.getParent(), "cds-");
      // Written beside the jar and moved into place whole: a test never sees half an archive.
      Path dumping = jar.resolveSibling("alchemiser-cds-" + UUID.randomUUID() + ".jsa.part");
      int port = io.alchemiser.orchestrator.app.ClusterPorts.free(1).get(0);
      List<String> command = new ArrayList<>(List.of(JarProcess.java(),
          "-XX:ArchiveClassesAtExit=" + dumping, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(), "serve",
          "--cluster", "--cluster-port", Integer.toString(port), "--http-port", "0",
          "--modules", "orchestrator,web,strategy,portfolio,execution,notifications"));
      Map<String, String> env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
          "ALCHEMISER_CLUSTER_MEMBERS", "127.0.0.1:" + port, "ALCHEMISER_CLUSTER_NAME", "cds-" + UUID.randomUUID());
      JarProcess.Server node = JarProcess.start(work, env, command);
      // The archive is written as the JVM exits on its own, so it is asked to stop, not killed.
      node.process().destroy();
      if (!node.process().waitFor(60, TimeUnit.SECONDS) || !Files.isRegularFile(dumping)) {
        node.process().destroyForcibly();
        Files.deleteIfExists(dumping);
        return null;
      }
      Files.move(dumping, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      // Those of earlier builds of the jar (56 MB each) are of no further use.
      try (var stale = Files.newDirectoryStream(jar.getParent(), "alchemiser-*.jsa")) {
        for (Path old : stale) {
          if (!old.equals(archive)) {
            Files.deleteIfExists(old);
          }
        }
      }
      return archive;
    } catch (Exception e) {
      System.err.println("running the jar without a class-data-sharing archive: " + e);
      return null;
    }
  }
}
