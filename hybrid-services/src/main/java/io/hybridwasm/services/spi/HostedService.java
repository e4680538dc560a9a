package io.hybridwasm.services.spi;

import io.hybridwasm.PayloadEncoding;
import java.util.Optional;
import java.util.Set;

/**
 * A service the Hybrid server hosts: something a WebAssembly guest can run remotely by name,
 * e.g. {@code "VoiceActivityDetector"}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} by
 * {@link HostedServiceRegistry}; register one with
 * {@code @AutoService(HostedService.class)}. Like grpc-java's providers, an implementation
 * must have a public no-argument constructor, and neither that constructor nor
 * {@link #isAvailable()} may throw: a service that cannot run here (a missing native
 * library, say) reports {@code false} from {@code isAvailable()} instead.
 *
 * <p><b>Threading.</b> The server creates one instance per registry and calls
 * {@link #execute} concurrently from many threads, so implementations must be thread-safe;
 * keep per-caller state in the call's {@link ServiceSession}, never in fields. A call runs on
 * a server worker thread and may block (it is not an event-loop thread).
 *
 * <p><b>Lifecycle.</b> Each server hosting the service calls {@link #start()} before it serves
 * and {@link #stop()} after; load heavy resources (a model) in {@code start()}, which may throw
 * to keep the server from starting with a message that names what is missing.
 *
 * <p><b>Errors.</b> Throw {@link ServiceException} with the {@link ServiceException.Kind}
 * that says whose fault it is; the server maps it to a gRPC status. Any other exception is
 * reported to the caller as an internal error.
 */
public abstract class HostedService {

    /** The lowest priority a service may report. */
    public static final int MIN_PRIORITY = 0;
    /** The priority of a service that has no reason to claim another. */
    public static final int DEFAULT_PRIORITY = 5;
    /** The highest priority a service may report. */
    public static final int MAX_PRIORITY = 10;

    /** For subclasses. */
    protected HostedService() {
    }

    /**
     * The logical name callers use, e.g. {@code "Echo"}; the registry key. Must be non-blank
     * and constant for the life of the instance.
     */
    public abstract String name();

    /**
     * The implementation type a caller may ask for (the {@code node_type} of the protocol).
     * A call that names another node type is answered NOT_FOUND. Defaults to this class's
     * fully qualified name.
     */
    public String nodeType() {
        return getClass().getName();
    }

    /** A one-line, human-readable description shown by {@code ListServices}. */
    public abstract String description();

    /**
     * Whether running the service twice on the same input has the same effect as running it
     * once, so a client may retry it after a transport failure.
     */
    public abstract boolean idempotent();

    /**
     * Whether the result depends only on the input payload and config, so a client may cache
     * it. Defaults to {@code false}.
     */
    public boolean cacheable() {
        return false;
    }

    /**
     * The payload encodings this service reads. The server answers INVALID_ARGUMENT to a call
     * in any other encoding without calling {@link #execute}.
     */
    public abstract Set<PayloadEncoding> accepts();

    /**
     * Whether this service can run in this process. Unavailable services are dropped by the
     * registry. Must not throw. Defaults to {@code true}.
     */
    public boolean isAvailable() {
        return true;
    }

    /**
     * Whether this service exists only to exercise clients (waiting, failing on purpose) and
     * must not be reachable in production: a server hosts it only when built with
     * {@code HybridServerBuilder.diagnostics(true)} ({@code hybrid serve --diagnostics}).
     * Defaults to {@code false}.
     */
    public boolean diagnostic() {
        return false;
    }

    /**
     * Priority from {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}, {@value
     * #DEFAULT_PRIORITY} by default. When two services share a {@link #name()}, the one with
     * the higher priority is hosted (ties go to the lexicographically smaller class name).
     */
    public int priority() {
        return DEFAULT_PRIORITY;
    }

    /**
     * Called by each server that hosts this service as it starts, before it accepts calls:
     * load models, open connections. A service shared by several servers (the default registry
     * is process-wide) is started once per server and must count. Defaults to doing nothing.
     *
     * @throws RuntimeException when the service cannot run; the server does not start and
     *     reports the message, which should name what is missing (a model file, a library)
     */
    public void start() {
    }

    /**
     * Called by each server that {@link #start() started} this service once it has stopped
     * serving; releases what the last matching {@code start()} acquired. Must not throw.
     * Defaults to doing nothing.
     */
    public void stop() {
    }

    /**
     * Runs the service on one payload.
     *
     * @param call the payload, its config, and the caller's session if it has one
     * @return the result; never {@code null}
     * @throws ServiceException when the payload is unreadable, the call is not possible in
     *     the current state, or the service fails
     */
    public abstract ServiceResult execute(ServiceCall call);

    /**
     * Opens a handler for one {@code Stream} call. The server passes every chunk the client
     * sends, in order, to {@link StreamHandler#consume}, one at a time, and answers one
     * response per chunk.
     *
     * <p>The default handler runs {@link #execute} on each chunk and emits its result, which
     * suits stateless services; override it to keep state across the chunks of one stream
     * (stateful services may also keep it in the session, which outlives the stream).
     *
     * @param open the stream's config and session; its payload is empty
     * @return a handler confined to the stream (the server never calls it concurrently)
     * @throws ServiceException when the stream cannot be opened with this config or session
     */
    public StreamHandler openStream(ServiceCall open) {
        return chunk -> Optional.of(execute(chunk));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + name() + ", priority=" + priority() + "]";
    }
}
