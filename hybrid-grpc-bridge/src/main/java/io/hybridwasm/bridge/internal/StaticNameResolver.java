package io.hybridwasm.bridge.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.hybridwasm.bridge.internal.StaticNameResolverProvider.HostAndPort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Resolves a fixed list of {@code host:port}s; each becomes one address group (one subchannel
 * under {@code round_robin}). Host names are looked up on gRPC's offload executor, never on the
 * synchronization context; the result is delivered through the context, as gRPC requires. A
 * host that does not resolve fails resolution with {@code UNAVAILABLE} carrying the
 * {@link UnknownHostException}, which the status table reads as a network error.
 */
final class StaticNameResolver extends NameResolver {
    private final String authority;
    private final List<HostAndPort> addresses;
    private final SynchronizationContext syncContext;
    private final Executor offloadExecutor;
    private Listener2 listener;
    private boolean shutdown;
    private boolean resolving;

    StaticNameResolver(String authority, List<HostAndPort> addresses, Args args) {
        this.authority = authority;
        this.addresses = addresses;
        this.syncContext = args.getSynchronizationContext();
        Executor offload = args.getOffloadExecutor();
        this.offloadExecutor = offload != null ? offload : Runnable::run;
    }

    @Override
    public String getServiceAuthority() {
        return authority;
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    /** Called on the synchronization context (start, refresh). */
    private void resolve() {
        if (resolving || shutdown || listener == null) {
            return;
        }
        resolving = true;
        offloadExecutor.execute(() -> {
            StatusOr<List<EquivalentAddressGroup>> result = lookUp();
            syncContext.execute(() -> {
                resolving = false;
                if (!shutdown) {
                    listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(result).build());
                }
            });
        });
    }

    private StatusOr<List<EquivalentAddressGroup>> lookUp() {
        List<EquivalentAddressGroup> groups = new ArrayList<>(addresses.size());
        for (HostAndPort address : addresses) {
            try {
                InetAddress ip = InetAddress.getByName(address.host());
                groups.add(new EquivalentAddressGroup(new InetSocketAddress(ip, address.port())));
            } catch (UnknownHostException e) {
                return StatusOr.fromStatus(Status.UNAVAILABLE
                        .withDescription("Unable to resolve host " + address.host() + " of static target " + authority)
                        .withCause(e));
            }
        }
        return StatusOr.fromValue(List.copyOf(groups));
    }
}
