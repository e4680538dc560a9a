package io.hybridwasm.services.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.hybridwasm.services.AccessPolicy;
import io.hybridwasm.services.CallerId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call by its {@code authorization: Bearer <token>} header against an
 * {@link AccessPolicy}: a missing, malformed or unknown token ends the call with
 * UNAUTHENTICATED before any service code runs. An accepted call runs with the caller's
 * {@link AccessPolicy.Grant} and {@link CallerId} in its {@link Context}; which service a
 * call reaches is in its request message, so the per-service check (PERMISSION_DENIED)
 * happens where the request is decoded, through {@link #checkAllowed(String)}.
 *
 * <p>The health service ({@code grpc.health.v1.Health}) needs no token, so load balancers
 * and orchestrators can probe the server; reflection and {@code hybrid.v1.RemoteExecution}
 * need a valid one. Tokens are never logged nor echoed in a status. Thread-safe.
 */
public final class GrpcAccessControl implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(GrpcAccessControl.class);

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<AccessPolicy.Grant> GRANT = Context.key("io.hybridwasm.access-grant");
    private static final String SCHEME = "bearer ";

    private final AccessPolicy policy;

    /** Enforces {@code policy}. */
    public GrpcAccessControl(AccessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Optional<String> token = bearerToken(headers.get(AUTHORIZATION));
        Optional<AccessPolicy.Grant> grant = token.flatMap(policy::authenticate);
        if (grant.isEmpty()) {
            String problem = token.isEmpty() ? "missing bearer token" : "invalid bearer token";
            log.debug("Refused {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), problem);
            call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Context context = Context.current()
                .withValue(GRANT, grant.get())
                .withValue(CallerId.CONTEXT_KEY, grant.get().callerId());
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The token of an {@code authorization} header value {@code Bearer <token>}, if it is one. */
    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The current call's grant; empty on a server without an access policy. */
    static Optional<AccessPolicy.Grant> currentGrant() {
        return Optional.ofNullable(GRANT.get());
    }

    /** Whether the current call may use {@code service} (always, without an access policy). */
    static boolean isAllowed(String service) {
        return currentGrant().map(g -> g.allows(service)).orElse(true);
    }

    /** Fails the current call with PERMISSION_DENIED unless it may use {@code service}. */
    static void checkAllowed(String service) {
        if (!isAllowed(service)) {
            throw Status.PERMISSION_DENIED.withDescription("this token may not call service '" + service
                    + "'; it may call " + currentGrant().orElseThrow().services()).asRuntimeException();
        }
    }
}
