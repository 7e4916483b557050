package io.alchemiser.orchestrator.membership;

import java.util.List;

/** What a node can say about its cluster's members, whichever cluster manager keeps them. */
public interface MembershipView {

  /** The cluster's name. */
  String clusterName();

  /** This node's membership address as {@code host:port}. */
  String self();

  /** Every member as {@code host:port}, this node marked. */
  List<String> members();

  /** Called with a description of the change ({@code joined: host:port}) whenever a member comes or goes. */
  void onChange(java.util.function.Consumer<String> listener);
}
