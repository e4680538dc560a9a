package io.hybridwasm.bridge.internal;

import io.grpc.Attributes;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.Metadata;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Notes which replica took a call (the remote address of the connection its stream was created
 * on) and names a target that reaches that replica alone: {@code static://AUTHORITY/IP:PORT},
 * with the original channel's authority, so TLS verifies the same name as for the whole target.
 * Used to pin a session to the replica that opened it. One per call; thread-safe.
 */
public final class ReplicaAddress extends ClientStreamTracer.Factory {
    private volatile SocketAddress remote;

    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
        return new ClientStreamTracer() {
            @Override
            public void streamCreated(Attributes transportAttrs, Metadata headers) {
                SocketAddress address = transportAttrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                if (address != null) {
                    remote = address;
                }
            }
        };
    }

    /**
     * A target for the replica the (last) attempt reached, with {@code authority}; empty when no
     * attempt reached one or its address cannot be written as a {@code static} target (IPv6:
     * the session then stays on the load-balanced target).
     */
    public Optional<String> pinnedTarget(String authority) {
        if (!(remote instanceof InetSocketAddress address) || !(address.getAddress() instanceof Inet4Address ip)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(StaticNameResolverProvider.SCHEME, authority,
                    "/" + ip.getHostAddress() + ":" + address.getPort(), null, null).toString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
