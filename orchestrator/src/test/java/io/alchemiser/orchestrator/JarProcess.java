package io.alchemiser.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the fat jar as a separate process, with a bounded wait; the process never outlives the test. */
final class JarProcess {
  record Result(int exitCode, String stdout, String stderr) {
  }

  private JarProcess() {
  }

  /** A long-running {@code serve}: started, its port read from its log, stopped by {@link #close()}. */
  record Server(Process process, int port, Path stderr) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stopAll(List.of(this));
    }
  }

  static Server serve(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    // Several of these run at once on a small machine.
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    // C1 alone: a node in a test runs little code for long, and five of them start at once on two cores.
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(SharedClassArchive.flags());
    command.add("-jar");
    command.add(jar().toString());
    command.add("serve");
    command.addAll(List.of(args));
    return start(workDir, env, command);
  }

  /**
   * Any command line that runs {@code serve} (the launcher script as the README writes it, say),
   * with {@code env} over this process's environment less every ALCHEMISER_ and APCA_ variable.
   */
  static Server start(Path workDir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile(workDir, "serve", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALCHEMISER_") || key.startsWith("APCA_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    java.util.regex.Pattern listening = java.util.regex.Pattern.compile("HTTPS? listening on port (\\d+)");
    for (int i = 0; i < 1200; i++) {
      String log = Files.readString(err);
      // The node says so once every module is up; with the web module, the port came first.
      if (log.contains(" started with modules ")) {
        java.util.regex.Matcher matcher = listening.matcher(log);
        return new Server(process, matcher.find() ? Integer.parseInt(matcher.group(1)) : -1, err);
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    throw new IllegalStateException("serve did not start:\n" + Files.readString(err));
  }

  /**
   * Stops every server at once: each is asked, then each awaited (killed after 30 s). One by one, a
   * five-node cluster took 6 s to stop, each node waiting for the cluster to notice the one before.
   */
  static void stopAll(List<Server> servers) throws InterruptedException {
    for (Server server : servers) {
      server.process().destroy();
    }
    for (Server server : servers) {
      if (!server.process().waitFor(30, TimeUnit.SECONDS)) {
        server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Stops a command and every process it started: asked first (cluster-demo then stops its nodes itself),
   * then killed, children included. A demo killed outright once left its five nodes running after the test.
   */
  private static void stopWithChildren(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      process.waitFor(15, TimeUnit.SECONDS);
    }
    process.destroyForcibly();
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
  }

  /** The java launcher of the JVM running the tests: every process a test starts runs on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path jar() {
    String path = System.getProperty("test.alchemiser.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("system property test.alchemiser.jar must name the built fat jar (run through Maven's verify)");
    }
    return Path.of(path);
  }

  static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(SharedClassArchive.flags());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("ALCHEMISER_") || key.startsWith("APCA_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new IllegalStateException("alchemiser " + String.join(" ", args) + " did not finish in 90 s; its stderr:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      stopWithChildren(process);
    }
  }
}
