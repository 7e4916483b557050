package io.alchemiser.shared.config;

/** A config value that cannot be used; the message names the key. Exit status 78 at start. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigException(String key, String problem) {
    super("config '" + key + "': " + problem, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
