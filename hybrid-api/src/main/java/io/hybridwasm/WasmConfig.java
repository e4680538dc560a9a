package io.hybridwasm;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link WasmRuntime} needs to turn a module into a {@link WasmNode}. Immutable;
 * build with {@link #builder(ModuleSource)}.
 *
 * @param module           the module's bytes
 * @param entryFunction    exported function called by {@link WasmNode#process(byte[])}; default {@value #DEFAULT_ENTRY}
 * @param memoryLimitBytes most linear memory one instance may have, in bytes, rounded down to 64 KiB pages; default 64 MiB.
 *                         Enforced even for modules that declare no maximum: {@code memory.grow} past it returns -1.
 * @param callTimeout      most wall time one {@code process} call may take, including waiting for a free instance
 * @param allowedServices  remote services this module may call; empty (the default) denies every remote call
 * @param maxMessageSize   largest input, output or remote payload, in bytes; default 4 MiB
 * @param maxInstances     most instances run at once; concurrent callers beyond this wait (bounded by {@code callTimeout})
 * @param remote           how host functions reach remote services
 * @param idleTimeout      an instance unused this long is closed, with what its host functions hold for it (remote
 *                         streams, sessions); the next call that needs one creates it again. Default
 *                         {@link #DEFAULT_IDLE_TIMEOUT}. Guest state kept in an instance's memory does not outlive it.
 */
public record WasmConfig(
        ModuleSource module,
        String entryFunction,
        long memoryLimitBytes,
        Duration callTimeout,
        Set<String> allowedServices,
        int maxMessageSize,
        int maxInstances,
        RemoteConfig remote,
        Duration idleTimeout) {

    public static final String DEFAULT_ENTRY = "process";
    public static final long DEFAULT_MEMORY_LIMIT = 64L << 20;
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 << 20;
    /** How long an instance may sit unused before it is closed: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** One wasm page: the granularity of linear memory. */
    public static final int PAGE_SIZE = 65536;
    /** The largest memory a wasm32 module can address. */
    public static final long MAX_MEMORY_LIMIT = 1L << 32;

    public WasmConfig {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(entryFunction, "entryFunction");
        if (entryFunction.isBlank()) {
            throw new IllegalArgumentException("entryFunction must not be blank");
        }
        if (memoryLimitBytes < PAGE_SIZE || memoryLimitBytes > MAX_MEMORY_LIMIT) {
            throw new IllegalArgumentException("memoryLimitBytes must be between 64 KiB and 4 GiB, was " + memoryLimitBytes);
        }
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
        }
        allowedServices = Set.copyOf(allowedServices);
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout
                    + " (it is how long an unused instance is kept before it is closed)");
        }
        if (maxInstances <= 0) {
            throw new IllegalArgumentException("maxInstances must be positive, was " + maxInstances);
        }
        Objects.requireNonNull(remote, "remote");
    }

    /** Limit in whole 64 KiB pages. */
    public int memoryLimitPages() {
        return (int) (memoryLimitBytes / PAGE_SIZE);
    }

    /**
     * Whether this module may call {@code service}: the allowlist names it exactly. A gRPC method
     * ({@code package.Service/Method}, optionally suffixed {@code +proto}) is also allowed by its
     * name without the suffix and by an entry {@code package.Service/*}.
     */
    public boolean allows(String service) {
        if (allowedServices.contains(service)) {
            return true;
        }
        int slash = service.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String method = service.endsWith("+proto") ? service.substring(0, service.length() - "+proto".length()) : service;
        return allowedServices.contains(method) || allowedServices.contains(service.substring(0, slash) + "/*");
    }

    public static Builder builder(ModuleSource module) {
        return new Builder(module);
    }

    public Builder toBuilder() {
        return new Builder(module).entryFunction(entryFunction).memoryLimitBytes(memoryLimitBytes)
                .callTimeout(callTimeout).allowedServices(allowedServices).maxMessageSize(maxMessageSize)
                .maxInstances(maxInstances).remote(remote).idleTimeout(idleTimeout);
    }

    /** Builder for {@link WasmConfig}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final ModuleSource module;
        private String entryFunction = DEFAULT_ENTRY;
        private long memoryLimitBytes = DEFAULT_MEMORY_LIMIT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Set<String> allowedServices = Set.of();
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxInstances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private RemoteConfig remote = RemoteConfig.NONE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private Builder(ModuleSource module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        public Builder entryFunction(String name) {
            this.entryFunction = name;
            return this;
        }

        public Builder memoryLimitBytes(long bytes) {
            this.memoryLimitBytes = bytes;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder allowedServices(Set<String> services) {
            this.allowedServices = services;
            return this;
        }

        /** Adds to the allowlist. */
        public Builder allowService(String service) {
            Set<String> s = new HashSet<>(allowedServices);
            s.add(service);
            this.allowedServices = s;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder maxInstances(int instances) {
            this.maxInstances = instances;
            return this;
        }

        public Builder remote(RemoteConfig remote) {
            this.remote = remote;
            return this;
        }

        /** How long an unused instance is kept before it is closed; default {@link #DEFAULT_IDLE_TIMEOUT}. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public WasmConfig build() {
            return new WasmConfig(module, entryFunction, memoryLimitBytes, callTimeout, allowedServices,
                    maxMessageSize, maxInstances, remote, idleTimeout);
        }
    }
}
