package io.hybridwasm.services.internal;

import io.grpc.Status;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.CallerId;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceSession;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a call names — the service and the session — or fails it with the status the
 * protocol prescribes (PERMISSION_DENIED for a service the caller's token does not allow,
 * NOT_FOUND for unknown services and for sessions unknown or opened by another caller (the
 * latter marked as such: {@link SessionNotFound}),
 * INVALID_ARGUMENT for an encoding the service does not read), with a message that helps
 * the caller fix it.
 */
final class ServiceResolver {

    private final HostedServiceRegistry registry;
    private final SessionStore sessions;

    ServiceResolver(HostedServiceRegistry registry, SessionStore sessions) {
        this.registry = registry;
        this.sessions = sessions;
    }

    /**
     * The service hosted as {@code name}, which must be of {@code nodeType} unless that is
     * empty. The caller's access grant is checked first (PERMISSION_DENIED), so a caller
     * learns nothing about services it may not call; the NOT_FOUND message lists only those
     * it may.
     */
    HostedService service(String name, String nodeType) {
        GrpcAccessControl.checkAllowed(name);
        HostedService service = registry.find(name).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("unknown service '" + name + "'; this server hosts " + visibleNames())
                .asRuntimeException());
        if (!nodeType.isEmpty() && !nodeType.equals(service.nodeType())) {
            throw Status.NOT_FOUND.withDescription("service '" + name + "' is node type '"
                    + service.nodeType() + "', not the requested '" + nodeType + "'")
                    .asRuntimeException();
        }
        return service;
    }

    /** The state {@code service} keeps in session {@code sessionId}; empty for "". */
    Optional<ServiceSession> session(String sessionId, HostedService service) {
        if (sessionId.isEmpty()) {
            return Optional.empty();
        }
        SessionEntry entry = sessions.find(sessionId)
                .filter(e -> e.caller().equals(CallerId.current()))
                .orElseThrow(() -> SessionNotFound.exception(sessionId));
        return Optional.of(entry.forService(service.name()));
    }

    /** Fails unless {@code service} reads {@code encoding}. */
    static void checkAccepts(HostedService service, PayloadEncoding encoding) {
        if (!service.accepts().contains(encoding)) {
            throw Status.INVALID_ARGUMENT.withDescription("service '" + service.name()
                    + "' does not read " + encoding + " payloads; it accepts " + service.accepts())
                    .asRuntimeException();
        }
    }

    /** The hosted services the current caller may call, in the registry's order. */
    List<HostedService> visibleServices() {
        return registry.services().stream().filter(s -> GrpcAccessControl.isAllowed(s.name())).toList();
    }

    private List<String> visibleNames() {
        return visibleServices().stream().map(HostedService::name).toList();
    }
}
