package io.alchemiser.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seen in CI: three nodes started together as the README's several-hosts example; the one that only
 * joins and one of the members each formed a cluster of its own, a moment apart, while the other
 * member joined the second. The lone node stopped 20 s later, as Hazelcast merges two clusters of one
 * name only after five minutes. Two such clusters now find each other and merge within seconds.
 */
class LateMembersTest {

  @Test
  void twoClustersOfOneNameThatFormedApartMergeWithinSeconds() throws Exception {
    List<Integer> ports = ClusterPorts.free(2);
    String name = "late-members-" + UUID.randomUUID();
    List<Vertx> nodes = new ArrayList<>();
    try {
      // The first knows the second's address, which nothing answers yet: it runs alone.
      Vertx first = LoopbackNodes.node(ports.get(0), ports, name, "hazelcast");
      nodes.add(first);
      // The second knows only itself: it forms a cluster of its own, of the same name.
      Vertx second = LoopbackNodes.node(ports.get(1), List.of(ports.get(1)), name, "hazelcast");
      nodes.add(second);
      assertThat(((VertxInternal) second).clusterManager().getNodes()).hasSize(1);

      // Each side sees the merge in its own time: the merging one restarts its membership, the other learns of it.
      for (int i = 0; i < 300 && (((VertxInternal) first).clusterManager().getNodes().size() < 2
          || ((VertxInternal) second).clusterManager().getNodes().size() < 2); i++) {
        Thread.sleep(100);
      }
      assertThat(((VertxInternal) first).clusterManager().getNodes()).as("one cluster within 30 s").hasSize(2);
      assertThat(((VertxInternal) second).clusterManager().getNodes()).hasSize(2);

      // The bus works across the merged cluster, both ways (a joining node deploys its modules after it).
      first.eventBus().consumer("late.first", message -> message.reply("first")).completion().await();
      second.eventBus().consumer("late.second", message -> message.reply("second")).completion().await();
      assertThat(ask(first, "late.second")).isEqualTo("second");
      assertThat(ask(second, "late.first")).isEqualTo("first");
    } finally {
      for (Vertx node : nodes) {
        node.close().await();
      }
    }
  }

  private static String ask(Vertx from, String address) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      try {
        return from.eventBus().<String>request(address, "ping", new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(1_000))
            .await().body();
      } catch (RuntimeException notYet) {
        Thread.sleep(500);
      }
    }
    return null;
  }
}
