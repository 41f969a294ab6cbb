package io.eventide.deploy;

import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.store.Store;
import io.eventide.tls.InternalTls;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Options every cluster role shares: the store they meet in, who this process is, where it binds
 * and where peers reach it, and the calls between roles. Each option is declared in its own mixin,
 * which {@code standalone} and {@code state-service} take too where they have the option.
 */
final class RoleOptions {
  @Mixin HostOption host;

  @Mixin StoreOptions store;

  @Mixin MembershipOptions membership;

  @Mixin KeyGroupsOption keyGroups;

  @Mixin ResilienceOptions resilience;

  @Mixin InternalTlsOptions internalTls;

  @Mixin LogFormatOption logFormat;

  @Mixin TracingOption tracing;

  /**
   * What every role starts with, each checked.
   *
   * @param tls mutual TLS on the calls between roles (already in {@code remote}); null for none
   */
  record Checked(
      StoreSpec store,
      String nodeId,
      int keyGroups,
      Duration leaseTtl,
      RemoteOptions remote,
      InternalTls tls) {
    /** The shared store, dialled with this process's TLS. */
    Store openStore() {
      return store.open(null, remote.credentials());
    }

    /** What this role's gRPC server listens with. */
    ServerCredentials serverCredentials() {
      return tls == null ? InsecureServerCredentials.create() : tls.serverCredentials();
    }
  }

  /**
   * Checks the shared options of {@code role} in the order their usage errors have always been
   * reported: key groups, store, lease, then the calls between roles; starts tracing when asked.
   */
  Checked check(CommandSpec spec, String role) {
    tracing.start(spec, role);
    int groups = keyGroups.keyGroups(spec);
    StoreSpec shared = store.shared(spec);
    Duration ttl = membership.leaseTtl(spec);
    RemoteOptions remote = resilience.remoteOptions(spec);
    InternalTls tls = internalTls.load(spec);
    if (tls != null) {
      remote = remote.withCredentials(tls.channelCredentials());
    }
    return new Checked(shared, membership.nodeId(role), groups, ttl, remote, tls);
  }

  String host() {
    return host.host;
  }

  /** Where peers reach this process once bound to {@code port}. */
  String endpoint(CommandSpec spec, int port) {
    return membership.endpoint(spec, host, port);
  }
}
