package io.hybridwasm.examples.soak;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The guest nodes callers use: one {@link WasmNode} per {@link CallKind} (its guest and entry
 * function), all presenting the current token. A token rotation loads a new set with the
 * new token and retires the old one, which closes when its last caller lets go, so no call
 * in progress sees its node closed.
 */
final class GuestNodes implements AutoCloseable {
    static final String REMOTE_PATTERNS = "modules/remote_patterns.wasm";
    static final String SESSION_CLIENT = "modules/session_client.wasm";
    private static final int CACHE_ENTRIES = 1_000;
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final WasmRuntime runtime;
    private final SoakOptions options;
    private final String target;
    private final TokenRing tokens;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicInteger rotations = new AtomicInteger();

    GuestNodes(WasmRuntime runtime, SoakOptions options, String target, TokenRing tokens) {
        this.runtime = runtime;
        this.options = options;
        this.target = target;
        this.tokens = tokens;
        current.set(load(0));
    }

    /** A set of nodes held for one call; release it after. */
    Generation acquire() {
        while (true) {
            Generation g = current.get();
            if (g.tryAcquire()) {
                return g;
            }
        }
    }

    /**
     * Switches callers to new nodes presenting the token of {@code generation} (or, with
     * {@link Rotation#NODES}, the first token); the old nodes close once idle.
     */
    void rotate(int generation) {
        if (options.rotation() == Rotation.NONE) {
            return;
        }
        Generation old = current.getAndSet(load(options.rotation() == Rotation.TOKEN ? generation : 0));
        old.retire();
        rotations.incrementAndGet();
    }

    int rotations() {
        return rotations.get();
    }

    private Generation load(int generation) {
        RemoteConfig remote = RemoteConfig.builder().target(target).deadline(options.deadline())
                .authToken(tokens.token(generation))
                .policy(RemotePolicy.builder().cache(CACHE_ENTRIES, CACHE_TTL).build())
                .build();
        Map<String, WasmNode> nodes = new HashMap<>();
        try {
            for (CallKind kind : CallKind.values()) {
                if (nodes.containsKey(kind.guest() + "#" + kind.entry())) {
                    continue;
                }
                ModuleSource module = ModuleSource.ofResource(kind.guest(), GuestNodes.class.getClassLoader());
                nodes.put(kind.guest() + "#" + kind.entry(), runtime.load(WasmConfig.builder(module).entryFunction(kind.entry())
                        .allowService("Echo").allowService("SessionCounter")
                        .maxInstances(options.callers()).callTimeout(options.callTimeout())
                        .remote(remote).build()));
            }
        } catch (RuntimeException e) {
            nodes.values().forEach(WasmNode::close);
            throw e;
        }
        return new Generation(nodes);
    }

    @Override
    public void close() {
        current.get().retire();
    }

    /** One token's nodes, reference-counted: -1 users means closed. */
    static final class Generation {
        private final Map<String, WasmNode> nodes;
        private final AtomicInteger users = new AtomicInteger();
        private volatile boolean retired;

        private Generation(Map<String, WasmNode> nodes) {
            this.nodes = Map.copyOf(nodes);
        }

        WasmNode node(CallKind kind) {
            return nodes.get(kind.guest() + "#" + kind.entry());
        }

        private boolean tryAcquire() {
            while (true) {
                int n = users.get();
                if (n < 0 || retired) {
                    return false;
                }
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Lets go of the nodes; returns whether this closed them (the last user of a retired set). */
        boolean release() {
            return users.decrementAndGet() == 0 && retired && closeIfIdle();
        }

        private void retire() {
            retired = true;
            closeIfIdle();
        }

        private boolean closeIfIdle() {
            if (users.compareAndSet(0, -1)) {
                nodes.values().forEach(WasmNode::close);
                return true;
            }
            return false;
        }
    }
}
