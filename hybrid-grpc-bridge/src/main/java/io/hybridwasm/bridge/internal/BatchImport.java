package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.GuestMemory;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostContext;
import io.hybridwasm.spi.HostFunction;
import io.opentelemetry.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code env.call_remote_batch(requests_ptr, requests_len, results_ptr, results_len_ptr) -> status}:
 * several remote calls from one guest call, sent at once, answered together (layout in
 * {@link BatchLayout}, contract in docs/abi.md).
 *
 * <p>Each entry runs the very {@code call_remote_service} body a single call runs, against an
 * {@link EntryMemory} holding the entry, on a thread of its own: so an entry gets every check
 * of a single call in the same order ({@code -8} name not UTF-8, {@code -4} allowlist, {@code -10}
 * size, {@code -5} resolver), the same deadline, session, status mapping, retries, circuit breaker,
 * in-flight bound and cache, and whatever routing that body does (hybrid.v1 services, gRPC
 * methods). The blocking calls overlap on the pooled channels; the guest's thread waits for all.
 *
 * <p>The batch as a whole is checked first, before any entry is sent: ranges and layout
 * ({@code -8}), at most {@link #MAX_ENTRIES} entries and at most {@code WasmConfig.maxMessageSize}
 * data bytes in all ({@code -10}), and room in the results buffer for every entry's header and
 * capacity ({@code -3}, the slot then holds the room needed). Thread-safe.
 *
 * <p>{@code last_error} after a batch: the detail of its last failed entry in request order
 * (entries run concurrently, so the order they fail in is not the guest's), or of the batch's
 * own failure ({@code -8}, {@code -10}); a batch whose entries all succeed leaves it unchanged.
 */
public final class BatchImport {
    /** The import's name in module {@code env}. */
    public static final String NAME = "call_remote_batch";
    /** The most entries one batch may hold. */
    public static final int MAX_ENTRIES = 64;
    /** The most batch entries in flight in this JVM; beyond it an entry fails with {@code -2}. */
    public static final int MAX_THREADS = 512;

    /** How long past the guest's deadline to wait for calls that gRPC should already have ended. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(BatchImport.class);

    /**
     * Runs entries: platform threads, reused, created on demand and gone after a minute idle, at
     * most {@value #MAX_THREADS}, so the number of entries in flight in the JVM has a stated bound
     * (each blocks in grpc-java's blocking stub, the same call path as a single call, for its
     * whole call, backoff sleeps included).
     */
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, BatchImport.MAX_THREADS, 60,
            TimeUnit.SECONDS, new SynchronousQueue<>(), Thread.ofPlatform().name("hybrid-batch-", 0).daemon().factory());

    private final GuestImports imports;

    private BatchImport(GuestImports imports) {
        this.imports = imports;
    }

    /** {@code imports}' functions followed by {@code call_remote_batch}, which runs its entries through their {@code call_remote_service}. */
    public static List<HostFunction> appendTo(GuestImports imports) {
        BatchImport batch = new BatchImport(imports);
        return Stream.concat(imports.functions().stream(),
                Stream.of(HostFunction.ofInts(GuestImports.MODULE, NAME, 4,
                        HostCallSpans.traced(GuestImports.MODULE + "." + NAME, batch::call)))).toList();
    }

    int call(HostCall call, int[] args) {
        try {
            return run(call, args);
        } catch (HybridException e) {
            LOG.debug("{} from instance {} -> {}: {}", NAME, call.context().instanceId(), e.status(), e.getMessage());
            imports.recordFailure(call.context(), e);
            return e.status().code();
        }
    }

    private int run(HostCall call, int[] args) {
        GuestMemory memory = call.memory();
        byte[] requests = memory.read(args[0], args[1]);
        int resultsPointer = args[2];
        int resultsLengthPointer = args[3];
        long capacity = Integer.toUnsignedLong(memory.readInt(resultsLengthPointer));
        memory.checkRange(resultsPointer, (int) capacity);

        WasmConfig config = call.context().config();
        List<BatchLayout.Entry> entries = BatchLayout.parse(requests, MAX_ENTRIES);
        long dataBytes = entries.stream().mapToLong(e -> e.data().length).sum();
        if (dataBytes > config.maxMessageSize()) {
            throw new HybridException(HostStatus.TOO_LARGE, "batch of " + entries.size() + " entries carries "
                    + dataBytes + " data bytes, over WasmConfig.maxMessageSize " + config.maxMessageSize());
        }
        long room = BatchLayout.resultsRoom(entries);
        if (room > capacity) {
            memory.writeInt(resultsLengthPointer, (int) Math.min(room, 0xFFFF_FFFFL));
            return HostStatus.BUFFER_TOO_SMALL.code();
        }

        byte[] results = BatchLayout.encode(runAll(call, entries, config.maxMessageSize()));
        memory.write(resultsPointer, results);
        memory.writeInt(resultsLengthPointer, results.length);
        return HostStatus.OK.code();
    }

    /** Runs every entry at once; returns when all have answered (each ends by its deadline). */
    private List<BatchLayout.Result> runAll(HostCall call, List<BatchLayout.Entry> entries, int maxAnswer) {
        HostContext context = call.context();
        Instant deadline = call.deadline();
        List<Future<Outcome>> running = new ArrayList<>(entries.size());
        for (BatchLayout.Entry entry : entries) {
            running.add(submit(Context.current().wrap(() -> runEntry(context, deadline, entry, maxAnswer))));
        }
        Instant giveUp = deadline.plus(STRAGGLER_GRACE);
        List<BatchLayout.Result> results = new ArrayList<>(entries.size());
        HybridException lastFailure = null;
        for (int i = 0; i < running.size(); i++) {
            Outcome outcome = await(running.get(i), giveUp, entries.get(i));
            results.add(outcome.result());
            if (outcome.failure() != null) {
                lastFailure = outcome.failure();
            }
        }
        if (lastFailure != null) {
            imports.recordFailure(context, lastFailure);
        }
        return results;
    }

    /** An entry's task on a pool thread; when the pool is saturated the entry fails alone, with {@code -2}. */
    private static Future<Outcome> submit(Callable<Outcome> task) {
        try {
            return THREADS.submit(task);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Outcome.failed(new HybridException(HostStatus.SERVICE_UNAVAILABLE,
                    "call_remote_batch: more than " + MAX_THREADS + " batch entries in flight in this host")));
        }
    }

    private Outcome runEntry(HostContext context, Instant deadline, BatchLayout.Entry entry, int maxAnswer) {
        EntryMemory memory = new EntryMemory(entry, maxAnswer);
        HostCall call = new EntryCall(memory, context, deadline);
        int status;
        try {
            status = HostCallSpans.traced(NAME + " entry", imports::callRemoteService).apply(call, memory.callArguments());
        } catch (HybridException e) {
            if (e.status() == HostStatus.NOT_ALLOWED) {
                LOG.warn("{} entry from instance {}: {}", NAME, context.instanceId(), e.getMessage());
            } else {
                LOG.debug("{} entry from instance {} -> {}: {}", NAME, context.instanceId(), e.status(), e.getMessage());
            }
            return Outcome.failed(e);
        }
        if (status != HostStatus.OK.code()) {
            return new Outcome(BatchLayout.Result.failed(status), null);
        }
        byte[] answer = memory.answer();
        if (answer.length > entry.resultCapacity()) {
            return new Outcome(new BatchLayout.Result(HostStatus.BUFFER_TOO_SMALL.code(), answer.length, new byte[0]), null);
        }
        return new Outcome(new BatchLayout.Result(status, answer.length, answer), null);
    }

    private static Outcome await(Future<Outcome> running, Instant giveUp, BatchLayout.Entry entry) {
        try {
            long nanos = Math.max(0, Duration.between(Instant.now(), giveUp).toNanos());
            return running.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            running.cancel(true);
            return Outcome.failed(new HybridException(HostStatus.TIMEOUT, "call_remote_batch entry '"
                    + new String(entry.name(), StandardCharsets.UTF_8) + "' had not answered by the guest's deadline"));
        } catch (ExecutionException e) {
            // Not a status: a bug in the body. Trap the guest, as the single call would.
            throw new IllegalStateException("call_remote_batch entry failed", e.getCause());
        }
    }

    /** An entry's result, and its failure when it failed with a status (kept for {@code last_error}). */
    private record Outcome(BatchLayout.Result result, HybridException failure) {
        static Outcome failed(HybridException failure) {
            return new Outcome(BatchLayout.Result.failed(failure.status().code()), failure);
        }
    }

    private record EntryCall(GuestMemory memory, HostContext context, Instant deadline) implements HostCall {
    }
}
