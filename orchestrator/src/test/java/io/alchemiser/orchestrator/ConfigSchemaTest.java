package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigSchema;
import io.alchemiser.shared.config.EffectiveConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The settings every module declares, against what we ship and document. */
class ConfigSchemaTest {
  private final ConfigSchema schema = io.alchemiser.shared.plugin.Plugins.configSchema();

  @Test
  void everyBundledDefaultAndEveryEnvironmentVariableIsADeclaredSetting() {
    EffectiveConfig defaults = ConfigLoader.effective(null, Map.of(), new Properties(), schema);
    assertThat(defaults.origins().keySet()).isNotEmpty().allSatisfy(key -> assertThat(schema.isKnown(key)).as(key).isTrue());
    assertThat(ConfigLoader.ENVIRONMENT.values()).allSatisfy(key -> assertThat(schema.isKnown(key)).as(key).isTrue());
    assertThat(Node.check(defaults.config())).contains("orchestrator", "execution");
  }

  @Test
  void secretsAreDeclaredAsSuch() {
    for (String key : new String[] {"web.apiToken", "alpaca.secretKey", "alpaca.keyId", "notifications.email.password",
        "notifications.webhook.secret", "notifications.webhook.url"}) {
      assertThat(schema.isSecret(key)).as(key).isTrue();
    }
    assertThat(schema.isSecret("portfolio.cashReserve")).isFalse();
  }
}
