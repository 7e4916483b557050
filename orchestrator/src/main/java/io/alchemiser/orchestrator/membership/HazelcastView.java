package io.alchemiser.orchestrator.membership;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.function.Consumer;

/** The members of a Hazelcast cluster. */
public record HazelcastView(HazelcastInstance hazelcast) implements MembershipView {

  @Override
  public String clusterName() {
    return hazelcast.getConfig().getClusterName();
  }

  @Override
  public String self() {
    return address(hazelcast.getCluster().getLocalMember());
  }

  @Override
  public List<String> members() {
    return hazelcast.getCluster().getMembers().stream().map(m -> address(m) + (m.localMember() ? " (this node)" : "")).toList();
  }

  @Override
  public void onChange(Consumer<String> listener) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        listener.accept("joined: " + address(event.getMember()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        listener.accept("left: " + address(event.getMember()));
      }
    });
  }

  private static String address(com.hazelcast.cluster.Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }
}
