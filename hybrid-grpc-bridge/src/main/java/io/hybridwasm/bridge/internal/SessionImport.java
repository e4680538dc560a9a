package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;

import java.util.Optional;

/**
 * {@code env.call_remote_in_session(session_id_ptr, session_id_len, service_ptr, service_len,
 * data_ptr, data_len, result_ptr, result_len_ptr) -> status}, and the rule for which calls carry
 * a session (docs/abi.md, "Sessions"): a module importing this function states it per call; one
 * that does not keeps ABI v1's ambient session (the last {@code get_remote_session}'s) on every
 * plain call and new stream.
 *
 * <p>Either way a call whose session turns out lost ({@link HostStatus#SESSION_EXPIRED}, see
 * {@link SessionLoss}) makes the instance forget it, so the loss is reported once and the
 * guest's next {@code get_remote_session} opens a fresh session. Thread-safe.
 */
public final class SessionImport {
    /** The import's name in module {@code env}. */
    public static final String NAME = "call_remote_in_session";

    private final GuestImports imports;

    SessionImport(GuestImports imports) {
        this.imports = imports;
    }

    /**
     * The session a plain call or new stream of this instance carries: the current one in legacy
     * mode, none when the module imports {@value #NAME}.
     */
    static Optional<RemoteSession> ambient(HostContext context, InstanceBridgeState state) {
        return context.imports(GuestImports.MODULE, NAME) ? Optional.empty() : state.currentSession();
    }

    /** A plain call, in the ambient session if there is one. */
    static RemoteResult callAmbient(HostContext context, InstanceBridgeState state, RemoteRequest request) {
        Optional<RemoteSession> session = ambient(context, state);
        return session.isEmpty() ? state.calls().call(request) : inSession(state, request, session.get());
    }

    /** A new stream to {@code service}, in the ambient session if there is one (see {@link SessionStream}). */
    static RemoteStream openStream(HostContext context, InstanceBridgeState state, String service) {
        Optional<RemoteSession> session = ambient(context, state);
        RemoteStream stream = state.calls().openStream(service, session);
        return session.isPresent() && !MethodName.isMethod(service) ? new SessionStream(stream, session.get(), state)
                : stream;
    }

    private static RemoteResult inSession(InstanceBridgeState state, RemoteRequest request, RemoteSession session) {
        try {
            return state.calls().call(request, session);
        } catch (RemoteCallException e) {
            if (e.status() == HostStatus.SESSION_EXPIRED) {
                state.sessionLost(session);
            }
            throw e;
        }
    }

    /** The import's body, unguarded: a failure is thrown (the caller returns and records it). */
    int call(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        String localId = memory.readUtf8(args[0], args[1]);
        String service = memory.readUtf8(args[2], args[3]);
        memory.checkRange(args[4], args[5]);
        int capacity = memory.readInt(args[7]);
        memory.checkRange(args[6], capacity);
        InstanceBridgeState state = imports.checkCallable(call.context(), service, args[5]);
        if (MethodName.isMethod(service)) {
            throw new RemoteCallException(HostStatus.INVALID_ARGUMENT, "cannot call " + service
                    + " in session '" + localId + "': gRPC methods called by name carry no sessions");
        }
        RemoteSession session = state.session(localId).orElseThrow(() -> new RemoteCallException(
                HostStatus.SESSION_EXPIRED, "call to " + service + " in session '" + localId + "': this instance has"
                + " no open session '" + localId + "' (never opened, or lost and already reported);"
                + " call get_remote_session first"));

        byte[] payload = memory.read(args[4], args[5]);
        // Kept apart from a plain call's result for the same service and data.
        String keptAs = NAME + "\n" + localId + "\n" + service;
        RemoteResult kept = state.takePending(keptAs, payload);
        RemoteResult result = kept != null ? kept
                : inSession(state, RemoteRequest.builder(service, payload).deadline(call.deadline()).build(), session);
        HostCallSpans.answered(result.bytes().length);
        return GuestImports.writeWithLength(memory, args[6], args[7], capacity, result.bytes(),
                () -> state.keepPending(keptAs, payload, result));
    }
}
