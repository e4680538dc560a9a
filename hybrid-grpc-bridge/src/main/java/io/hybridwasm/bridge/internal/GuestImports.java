package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.bridge.RemoteRequest;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteSession;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.HostFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code env} imports of guest ABI v1, exactly as {@code abi.md} specifies them:
 * {@code call_remote_service}, {@code stream_to_remote}, {@code get_remote_session}, the
 * optional {@code last_error}, which returns the detail of the instance's latest failed call,
 * and the optional {@code call_remote_in_session} ({@link SessionImport}, which also decides
 * which calls carry a session).
 *
 * <p>Each body validates everything before any network work, in this order: guest ranges and
 * UTF-8 ({@code -8}), the module's allowlist ({@code -4}), the payload size ({@code -10}), and
 * whether a resolver knows the service ({@code -5}). The remote work itself goes through
 * {@link RemoteCalls}, i.e. the same {@code RemoteExecutionClient} Java callers use. Failures
 * come back as the status code; nothing is thrown into the engine except programming errors,
 * which trap the guest.
 *
 * <p>A gRPC method called by name ({@code package.Service/Method}) goes through the same checks;
 * {@code call_remote_service} on a client- or bidirectional-streaming method this instance is
 * streaming to finishes that stream and returns its answer.
 *
 * <p>Thread-safe: per-instance state lives in the instance's {@link InstanceBridgeState}
 * attachment. Bodies run on the guest's thread and block for at most the call's deadline.
 */
public final class GuestImports {
    /** The import module of every ABI v1 function. */
    public static final String MODULE = "env";

    private static final Logger LOG = LoggerFactory.getLogger(GuestImports.class);

    private final Function<HostContext, RemoteCalls> callsFor;
    private final SessionImport sessions = new SessionImport(this);

    /** @param callsFor the client for an instance's configuration; asked once per instance */
    public GuestImports(Function<HostContext, RemoteCalls> callsFor) {
        this.callsFor = Objects.requireNonNull(callsFor, "callsFor");
    }

    /** The imports, in ABI order. */
    public List<HostFunction> functions() {
        return List.of(
                HostFunction.ofInts(MODULE, "call_remote_service", 6, guarded("call_remote_service", this::callRemoteService, true)),
                HostFunction.ofInts(MODULE, "stream_to_remote", 4, guarded("stream_to_remote", this::streamToRemote, true)),
                HostFunction.ofInts(MODULE, "get_remote_session", 4, guarded("get_remote_session", this::getRemoteSession, true)),
                HostFunction.ofInts(MODULE, "last_error", 2, guarded("last_error", this::lastError, false)),
                HostFunction.ofInts(MODULE, SessionImport.NAME, 8, guarded(SessionImport.NAME, sessions::call, true)));
    }

    /**
     * {@code (service_ptr, service_len, data_ptr, data_len, result_ptr, result_len_ptr) -> status},
     * unguarded: a failure is thrown, neither returned nor recorded (batch entries run this).
     */
    int callRemoteService(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        String service = memory.readUtf8(args[0], args[1]);
        memory.checkRange(args[2], args[3]);
        int capacity = memory.readInt(args[5]);
        memory.checkRange(args[4], capacity);
        InstanceBridgeState state = checkCallable(call.context(), service, args[3]);

        byte[] payload = memory.read(args[2], args[3]);
        RemoteResult result = state.takePending(service, payload);
        if (result == null && state.stream(service) instanceof MethodStream stream) {
            result = finish(state, service, stream, payload, call);
        }
        if (result == null) {
            result = SessionImport.callAmbient(call.context(), state,
                    RemoteRequest.builder(service, payload).deadline(call.deadline()).build());
        }
        RemoteResult answer = result;
        HostCallSpans.answered(answer.bytes().length);
        return writeWithLength(memory, args[4], args[5], capacity, answer.bytes(),
                () -> state.keepPending(service, payload, answer));
    }

    /** {@code (service_ptr, service_len, data_ptr, data_len) -> status}. */
    int streamToRemote(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        String service = memory.readUtf8(args[0], args[1]);
        memory.checkRange(args[2], args[3]);
        InstanceBridgeState state = checkCallable(call.context(), service, args[3]);

        byte[] payload = memory.read(args[2], args[3]);
        RemoteStream stream = state.stream(service);
        if (stream == null) {
            stream = SessionImport.openStream(call.context(), state, service);
            state.streamOpened(service, stream);
        }
        try {
            stream.send(payload, call.deadline());
            return HostStatus.OK.code();
        } catch (RemoteCallException e) {
            if (!stream.isOpen()) {
                // Reported now; the next call opens a fresh stream.
                state.streamFailed(service, stream);
            }
            throw e;
        }
    }

    /** Sends {@code payload} (unless empty) as the last message of the instance's method stream, and takes the answer. */
    private static RemoteResult finish(InstanceBridgeState state, String service, MethodStream stream, byte[] payload,
                                       HostCall call) {
        try {
            return stream.finish(payload, CallDeadline.instant(call.context().config().remote().deadline(),
                    Optional.of(call.deadline())));
        } finally {
            // Finished or failed, either way done: the next stream_to_remote opens a new one.
            state.streamFinished(service, stream);
        }
    }

    /** {@code (buf_ptr, buf_len_ptr) -> status}: the detail of this instance's latest failed call. */
    int lastError(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        int capacity = memory.readInt(args[1]);
        memory.checkRange(args[0], capacity);
        return writeWithLength(memory, args[0], args[1], capacity, state(call.context()).lastError(), () -> { });
    }

    /** {@code (session_id_ptr, session_id_len, session_ptr, session_len_ptr) -> status}. */
    int getRemoteSession(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        String localId = memory.readUtf8(args[0], args[1]);
        int capacity = memory.readInt(args[3]);
        memory.checkRange(args[2], capacity);
        InstanceBridgeState state = state(call.context());

        RemoteSession session = state.useSession(localId).orElse(null);
        if (session == null) {
            // Namespaced by instance: two instances using the same local id must not share (and
            // close) each other's server state.
            session = state.calls().openSession(state.instanceId() + "/" + localId, call.deadline());
            state.sessionOpened(localId, session);
        }
        return writeWithLength(memory, args[2], args[3], capacity, session.id().getBytes(StandardCharsets.UTF_8), () -> { });
    }

    /** Allowlist, size and resolver checks shared by the two calling imports; no network work. */
    InstanceBridgeState checkCallable(HostContext context, String service, int payloadLength) {
        HostCallSpans.target(service, payloadLength);
        WasmConfig config = context.config();
        if (!config.allows(service)) {
            throw new RemoteCallException(HostStatus.NOT_ALLOWED, config.allowedServices().isEmpty()
                    ? "service '" + service + "' is not allowed: the module's allowlist (WasmConfig.allowedServices)"
                    + " is empty, which denies every remote call"
                    : "service '" + service + "' is not on the module's allowlist " + config.allowedServices());
        }
        if (Integer.toUnsignedLong(payloadLength) > config.maxMessageSize()) {
            throw new RemoteCallException(HostStatus.TOO_LARGE, "payload for " + service + " is "
                    + Integer.toUnsignedString(payloadLength) + " bytes, over WasmConfig.maxMessageSize "
                    + config.maxMessageSize());
        }
        InstanceBridgeState state = state(context);
        if (state.calls().resolve(service).isEmpty()) {
            throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "no resolver knows service '" + service + "'");
        }
        return state;
    }

    /** Keeps {@code failure}'s detail for the instance's {@code last_error}. */
    void recordFailure(HostContext context, HybridException failure) {
        state(context).recordFailure(ErrorDetail.of(failure));
    }

    private InstanceBridgeState state(HostContext context) {
        return context.attachment(InstanceBridgeState.class,
                () -> new InstanceBridgeState(callsFor.apply(context), context.instanceId()));
    }

    /**
     * The length-slot protocol: bytes that fit are written and the slot holds their length
     * ({@code 0}); otherwise the slot holds the size needed ({@code -3}) and nothing else changes.
     */
    static int writeWithLength(GuestMemory memory, int pointer, int lengthPointer, int capacity, byte[] bytes,
                                       Runnable onTooSmall) {
        if (bytes.length > Integer.toUnsignedLong(capacity)) {
            memory.writeInt(lengthPointer, bytes.length);
            onTooSmall.run();
            return HostStatus.BUFFER_TOO_SMALL.code();
        }
        memory.write(pointer, bytes);
        memory.writeInt(lengthPointer, bytes.length);
        return HostStatus.OK.code();
    }

    /**
     * Returns a {@link HybridException}'s status instead of throwing it; the runtime would do the
     * same (see {@link HostFunction}), but this keeps the behaviour independent of the runtime
     * and logs it once, here. With {@code recordFailures} its detail is kept for {@code last_error},
     * and each call is a span ({@link HostCallSpans}).
     */
    private HostFunction.IntBody guarded(String name, HostFunction.IntBody body, boolean recordFailures) {
        HostFunction.IntBody guarded = (call, args) -> {
            try {
                return body.apply(call, args);
            } catch (HybridException e) {
                if (recordFailures) {
                    recordFailure(call.context(), e);
                }
                if (e.status() == HostStatus.NOT_ALLOWED) {
                    LOG.warn("{} from instance {}: {}", name, call.context().instanceId(), e.getMessage());
                } else {
                    LOG.debug("{} from instance {} -> {}: {}", name, call.context().instanceId(), e.status(),
                            e.getMessage());
                }
                return e.status().code();
            }
        };
        return recordFailures ? HostCallSpans.traced(MODULE + "." + name, guarded) : guarded;
    }
}
