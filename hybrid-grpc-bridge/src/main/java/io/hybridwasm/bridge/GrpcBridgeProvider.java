package io.hybridwasm.bridge;

import com.google.auto.service.AutoService;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.internal.BatchImport;
import io.hybridwasm.bridge.internal.ChannelPool;
import io.hybridwasm.bridge.internal.DescriptorSets;
import io.hybridwasm.bridge.internal.GuestImports;
import io.hybridwasm.bridge.internal.MeteredRemoteCalls;
import io.hybridwasm.bridge.internal.RemoteCalls;
import io.hybridwasm.bridge.internal.ServiceConfigs;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RemoteServiceResolver;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offers WebAssembly guests the {@code env} imports of guest ABI v1 and carries them over gRPC:
 * {@code call_remote_service}, {@code stream_to_remote}, {@code get_remote_session}, and the
 * optional {@code last_error}. Service names of the form {@code package.Service/Method} call
 * methods of existing gRPC servers, transcoding JSON (see {@link RemoteExecutionClient}).
 * Found by {@link java.util.ServiceLoader} under the name {@value #NAME}: having this jar on the
 * class path is enough.
 *
 * <p>Behind the imports is a {@link RemoteExecutionClient} per distinct node configuration
 * ({@link WasmConfig#remote()}, {@link WasmConfig#maxMessageSize()}, plugin class loader), all
 * sharing one pool of channels, so every node calling the same endpoint shares its connection,
 * and, when their {@link RemoteConfig#policy()} is the same, its circuit breaker and in-flight
 * bound. A result cache, when the policy enables one, belongs to the client. A client lives as
 * long as an instance uses it ({@link SharedClients}); channels are per endpoint, not per auth
 * token, so a rotated token reuses its channel and leaves no client behind.
 * Resolvers are discovered once per plugin class loader. A node's descriptor sets and gRPC
 * service config are checked when it loads ({@link #checkConfig}).
 *
 * <p>Thread-safe; one instance serves a whole runtime. Per-instance state (sessions, streams,
 * a result kept after {@code BUFFER_TOO_SMALL}) is an attachment of the instance's
 * {@link HostContext} and is released when the instance is discarded. {@link #close()} closes
 * every client and channel.
 */
@AutoService(HostFunctionProvider.class)
public final class GrpcBridgeProvider extends HostFunctionProvider {
    /** This provider's {@link #name()}. */
    public static final String NAME = "grpc-bridge";

    private final ChannelPool pool = new ChannelPool();
    private final ConcurrentHashMap<ClassLoader, ProviderRegistry<RemoteServiceResolver>> resolvers =
            new ConcurrentHashMap<>();
    private final SharedClients<ClientKey> clients = new SharedClients<>();
    private final ConcurrentHashMap<List<Path>, DescriptorSets> descriptorSets = new ConcurrentHashMap<>();
    private final GuestImports imports = new GuestImports(this::callsFor);

    /** For {@link java.util.ServiceLoader}; creates nothing that needs closing until first use. */
    public GrpcBridgeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads and links the node's descriptor sets ({@link RemoteConfig#descriptorSets()}) and checks
     * its gRPC service config with gRPC's own parser, so that a file that cannot be read or a
     * config gRPC rejects fails loading, naming the file or the setting.
     *
     * @throws ModuleLoadException naming what is wrong
     */
    @Override
    public void checkConfig(WasmConfig config) {
        RemoteConfig remote = config.remote();
        try {
            descriptorSets.put(remote.descriptorSets(), DescriptorSets.load(remote.descriptorSets()));
            remote.serviceConfig().ifPresent(ServiceConfigs::check);
        } catch (IllegalArgumentException e) {
            throw new ModuleLoadException("module " + config.module().name() + ": " + e.getMessage(), e);
        }
    }

    /** {@code env.call_remote_service}, {@code env.stream_to_remote}, {@code env.get_remote_session}, {@code env.last_error}; then the optional {@code env.call_remote_batch}. */
    @Override
    public List<HostFunction> functions() {
        return BatchImport.appendTo(imports);
    }

    /** Closes every client and channel; calls in progress fail. */
    @Override
    public void close() {
        clients.close();
        pool.close();
    }

    /** Open channels; for tests of the bounds. */
    int channelCount() {
        return pool.size();
    }

    /** Clients held by live instances; for tests of the bounds. */
    int clientCount() {
        return clients.size();
    }

    private RemoteCalls callsFor(HostContext context) {
        WasmConfig config = context.config();
        ClientKey key = new ClientKey(config.remote(), config.maxMessageSize(), context.pluginLoader());
        SharedClients.Lease lease = clients.acquire(key, k -> RemoteExecutionClient.builder(k.remote())
                .maxMessageSize(k.maxMessageSize())
                .resolvers(resolvers.computeIfAbsent(k.loader(),
                        loader -> ProviderRegistry.load(RemoteServiceResolver.class, loader)))
                .sharedPool(pool)
                .descriptorSets(descriptorSets.computeIfAbsent(k.remote().descriptorSets(), DescriptorSets::load))
                .build());
        return MeteredRemoteCalls.of(RemoteCalls.over(lease.client(), lease::release));
    }

    /** What makes two nodes share a client. */
    private record ClientKey(RemoteConfig remote, int maxMessageSize, ClassLoader loader) {
    }
}
