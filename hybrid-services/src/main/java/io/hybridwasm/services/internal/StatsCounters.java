package io.hybridwasm.services.internal;

import io.hybridwasm.services.ServiceStats;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The server's {@link ServiceStats}, with the methods that count. Thread-safe. */
public final class StatsCounters implements ServiceStats {

    private final ConcurrentHashMap<String, LongAdder> executeCalls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> streamsOpened = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> streamChunks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> streamBytes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IntSupplier openSessions;

    /** Creates counters; {@code openSessions} reads the session store's size. */
    public StatsCounters(IntSupplier openSessions) {
        this.openSessions = openSessions;
    }

    void executeCall(String service) {
        add(executeCalls, service, 1);
    }

    void streamOpened(String service) {
        add(streamsOpened, service, 1);
    }

    /** Bytes before the chunk: a reader that sees the chunk counted sees its bytes too. */
    void streamChunk(String service, long bytes) {
        add(streamBytes, service, bytes);
        add(streamChunks, service, 1);
    }

    void callStarted() {
        inFlight.incrementAndGet();
    }

    void callFinished() {
        inFlight.decrementAndGet();
    }

    private static void add(ConcurrentHashMap<String, LongAdder> map, String service, long n) {
        map.computeIfAbsent(service, s -> new LongAdder()).add(n);
    }

    private static long read(ConcurrentHashMap<String, LongAdder> map, String service) {
        LongAdder adder = map.get(service);
        return adder == null ? 0 : adder.sum();
    }

    @Override
    public long executeCalls(String service) {
        return read(executeCalls, service);
    }

    @Override
    public long streamsOpened(String service) {
        return read(streamsOpened, service);
    }

    @Override
    public long streamChunks(String service) {
        return read(streamChunks, service);
    }

    @Override
    public long streamBytes(String service) {
        return read(streamBytes, service);
    }

    @Override
    public int inFlightCalls() {
        return inFlight.get();
    }

    @Override
    public int openSessions() {
        return openSessions.getAsInt();
    }
}
