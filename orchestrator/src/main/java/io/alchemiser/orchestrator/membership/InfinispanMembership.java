package io.alchemiser.orchestrator.membership;

import io.alchemiser.orchestrator.tls.MutualTls;
import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.orchestrator.tls.TlsFiles;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.ext.cluster.infinispan.InfinispanClusterManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Address;
import org.infinispan.remoting.transport.jgroups.JGroupsAddress;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.PhysicalAddress;

/**
 * Cluster membership and cluster-wide state (Vert.x's subscriptions, our maps, locks and counters)
 * kept by Infinispan over JGroups, whose every connection is TLS with the cluster's certificates when
 * it has them: a process without one can neither join nor read nor change any of it. The cache
 * manager is ours, so this manager starts it on join (off the event loop) and stops it on leave.
 */
public final class InfinispanMembership extends InfinispanClusterManager implements MembershipView {
  private static final String CONFIGURATION = "__vertx.distributed.cache.configuration";
  private static final long LEAVE_GRACE_MS = 200;

  private final DefaultCacheManager cacheManager;
  private final JChannel channel;
  private final String clusterName;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private final NodeInfoRefresh refresh = new NodeInfoRefresh(this);

  private InfinispanMembership(DefaultCacheManager cacheManager, JChannel channel, String clusterName) {
    super(cacheManager);
    this.cacheManager = cacheManager;
    this.channel = channel;
    this.clusterName = clusterName;
  }

  /**
   * A manager for a node bound to {@code stack.bindAddress()}, its membership traffic over mutual TLS
   * with {@code tls} (null: plain, for a cluster on loopback only).
   */
  public static InfinispanMembership create(String bindAddress, Integer port, int firstPort, int portsTried, List<String[]> members,
      String clusterName, TlsFiles tls) throws Exception {
    List<JGroupsStack.Member> places = new ArrayList<>();
    boolean anyWithoutPort = false;
    for (String[] member : members) {
      anyWithoutPort |= member[1] == null;
      places.add(new JGroupsStack.Member(member[0], member[1] == null ? firstPort : Integer.parseInt(member[1])));
    }
    JGroupsStack stack = new JGroupsStack(bindAddress, port != null ? port : firstPort, port != null ? 0 : portsTried - 1, places,
        anyWithoutPort ? portsTried - 1 : 0);
    JChannel channel = new JChannel(new ByteArrayInputStream(stack.xml().getBytes(StandardCharsets.UTF_8)));
    if (tls != null) {
      channel.getProtocolStack().getTransport().setSocketFactory(new TlsSockets(MutualTls.context(tls)));
    }
    GlobalConfigurationBuilder global = new GlobalConfigurationBuilder();
    global.classLoader(InfinispanMembership.class.getClassLoader());
    global.transport().clusterName(clusterName).transport(new JGroupsTransport(channel));
    // Off: Infinispan's JMX beans and its usage report have nothing to tell an operator that /metrics does not.
    global.jmx().disable();
    // The node stops its cache manager itself, after its verticles: Infinispan's own hook would stop it under them.
    global.shutdown().hookBehavior(org.infinispan.configuration.global.ShutdownHookBehavior.DONT_REGISTER);
    global.cacheContainer().statistics(false);
    DefaultCacheManager cacheManager = new DefaultCacheManager(global.build(), false);
    Configuration distributed = new ConfigurationBuilder().clustering().cacheMode(CacheMode.DIST_SYNC).build();
    Configuration replicated = new ConfigurationBuilder().clustering().cacheMode(CacheMode.REPL_SYNC).build();
    cacheManager.defineConfiguration("distributed-cache", distributed);
    cacheManager.defineConfiguration("__vertx.subs", replicated);
    cacheManager.defineConfiguration("__vertx.haInfo", replicated);
    cacheManager.defineConfiguration("__vertx.nodeInfo", replicated);
    // Every map Vert.x is asked for (the start lease and the workflows' claims, the account leases): a copy on
    // every node, so that what they hold outlives two nodes dying at once, which two owners would not. They
    // are small, and written a few times a second (claims go in groups).
    cacheManager.defineConfiguration(CONFIGURATION, new ConfigurationBuilder().read(replicated).template(true).build());
    // Our own maps, the same, but defined here and started as the node joins (join()): Vert.x would otherwise make
    // each cluster-wide on first use, and a cache made so while another node joins fails that node's start.
    ClusterMap.mapNames().forEach(name -> cacheManager.defineConfiguration(name, replicated));
    return new InfinispanMembership(cacheManager, channel, clusterName);
  }

  @Override
  public void init(Vertx vertx) {
    this.vertx = vertx;
    refresh.init(vertx);
    super.init(vertx);
  }

  @Override
  public void join(Completable<Void> promise) {
    vertx.executeBlocking(() -> {
      cacheManager.start();
      ClusterMap.mapNames().forEach(cacheManager::getCache);
      cacheManager.addListener(new ViewListener());
      return null;
    }, false).onComplete((ok, err) -> {
      if (err != null) {
        promise.fail(err);
      } else {
        super.join(promise);
      }
    });
  }

  /** Vert.x's first write of this node's bus address; written again from then on ({@link NodeInfoRefresh}). */
  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    super.setNodeInfo(nodeInfo, promise);
    refresh.start();
  }

  @Override
  public void leave(Completable<Void> promise) {
    refresh.stop();
    super.leave((ok, err) -> vertx.executeBlocking(() -> {
      // Vert.x's throttled subscription updates still queued (20 ms timers, one more round at most) run
      // against a live cache manager, not a stopped one.
      Thread.sleep(LEAVE_GRACE_MS);
      cacheManager.stop();
      return null;
    }, false).onComplete((stopped, stopErr) -> promise.complete(null, err != null ? err : stopErr)));
  }

  @Override
  public String clusterName() {
    return clusterName;
  }

  @Override
  public String self() {
    return physical(cacheManager.getAddress());
  }

  @Override
  public List<String> members() {
    Address self = cacheManager.getAddress();
    return cacheManager.getMembers().stream().map(m -> physical(m) + (m.equals(self) ? " (this node)" : "")).toList();
  }

  @Override
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  private String physical(Address address) {
    if (address instanceof JGroupsAddress jgroups) {
      Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, jgroups.getJGroupsAddress()));
      if (physical instanceof PhysicalAddress found) {
        return found.printIpAddress();
      }
    }
    return String.valueOf(address);
  }

  @Listener(sync = false)
  public final class ViewListener {
    @ViewChanged
    public void changed(ViewChangedEvent event) {
      List<Address> joined = new ArrayList<>(event.getNewMembers());
      joined.removeAll(event.getOldMembers());
      List<Address> left = new ArrayList<>(event.getOldMembers());
      left.removeAll(event.getNewMembers());
      joined.forEach(m -> listeners.forEach(l -> l.accept("joined: " + physical(m))));
      left.forEach(m -> listeners.forEach(l -> l.accept("left: " + physical(m))));
      // A member that was given up and came back has had its node info removed by the coordinator.
      refresh.now();
    }
  }
}
