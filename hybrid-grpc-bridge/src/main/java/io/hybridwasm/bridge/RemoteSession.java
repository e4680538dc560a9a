package io.hybridwasm.bridge;

import java.util.Objects;

/**
 * A session open on a server, and where its calls must go: the replica that opened it, which
 * alone holds its state. From {@link RemoteExecutionClient#openRemoteSession}; pass it to
 * {@link RemoteExecutionClient#call(RemoteRequest, RemoteSession)}. When the target names
 * several replicas (e.g. {@code static:///h1:p1,h2:p2}) {@code target} is a target of that one
 * replica, so the session's calls are not load-balanced away from their state.
 *
 * @param id     the server's session id
 * @param target the gRPC target of the replica holding it
 */
public record RemoteSession(String id, String target) {
    public RemoteSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
    }
}
