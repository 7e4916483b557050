package io.alchemiser.orchestrator.membership;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The JGroups protocol stack of the cluster's membership: TCP only (no multicast, no UDP, no
 * diagnostics port, no failure-detection port: one port per node to open and to secure), members
 * found by the list given (TCPPING), a dead member given up after 6 s without heartbeats (as
 * Hazelcast's heartbeat settings in cluster.xml). Every socket of it comes from the transport's
 * socket factory, which {@link InfinispanMembership} makes TLS. Nagle's algorithm is off: with it, a
 * small TLS record (a lock, a claim) waited for the peer's delayed acknowledgement, tens of ms.
 *
 * @param bindAddress the one address bound and announced
 * @param port the first port to bind
 * @param portRange how many ports after it may be tried when it is taken (0: that one only)
 * @param members where to look for members: {@code host[port]}, each tried on {@code memberPortRange} more ports
 */
record JGroupsStack(String bindAddress, int port, int portRange, List<Member> members, int memberPortRange) {

  /** A place to look for a member. */
  record Member(String host, int port) {
  }

  String xml() {
    String hosts = members.stream().map(m -> m.host() + "[" + m.port() + "]").collect(Collectors.joining(","));
    return """
        <config xmlns="urn:org:jgroups">
          <TCP bind_addr="%1$s" bind_port="%2$d" port_range="%3$d" diag.enabled="false" sock_conn_timeout="500" tcp_nodelay="true"
               thread_naming_pattern="pl" thread_pool.min_threads="0" thread_pool.max_threads="200" thread_pool.keep_alive_time="60000"/>
          <RED/>
          <TCPPING initial_hosts="%4$s" port_range="%5$d" async_discovery="true"/>
          <MERGE3 min_interval="2000" max_interval="5000"/>
          <FD_ALL3 interval="1000" timeout="6000"/>
          <VERIFY_SUSPECT2 timeout="1000"/>
          <pbcast.NAKACK2 use_mcast_xmit="false" xmit_interval="200"/>
          <UNICAST3 xmit_interval="200"/>
          <pbcast.STABLE desired_avg_gossip="5000" max_bytes="1M"/>
          <pbcast.GMS print_local_addr="false" join_timeout="2000"/>
          <UFC max_credits="4m" min_threshold="0.40"/>
          <MFC max_credits="4m" min_threshold="0.40"/>
          <FRAG4 frag_size="60000"/>
        </config>
        """.formatted(bindAddress, port, portRange, hosts, memberPortRange);
  }
}
