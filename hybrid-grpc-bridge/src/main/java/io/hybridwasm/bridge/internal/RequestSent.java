package io.hybridwasm.bridge.internal;

import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;

/**
 * Notes whether one attempt's request headers reached the socket of a ready connection, i.e.
 * whether the endpoint was reachable and took the call. The circuit breaker needs it to tell
 * two DEADLINE_EXCEEDED apart: one while still connecting (the endpoint's failure) and one
 * while the server was working on the call (the caller's deadline was shorter than the work:
 * not the endpoint's fault, so not held against it for every other caller). One per attempt.
 */
public final class RequestSent extends ClientStreamTracer.Factory {
    private volatile boolean sent;

    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
        return new ClientStreamTracer() {
            @Override
            public void outboundHeaders() {
                sent = true;
            }
        };
    }

    /** Whether the request went out on a connection the endpoint had accepted. */
    public boolean sent() {
        return sent;
    }
}
