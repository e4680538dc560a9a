package io.hybridwasm.services.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services a server hosts, keyed by {@link HostedService#name()}; modelled on grpc-java's
 * {@code ManagedChannelRegistry}.
 *
 * <p>{@link #defaultRegistry()} loads the services on the class path once, with
 * {@link ServiceLoader}. Unavailable services ({@link HostedService#isAvailable()} false) are
 * dropped; a service whose class cannot be loaded or instantiated is logged and skipped, so
 * one broken jar does not take the server down. The rest are ordered by descending
 * {@link HostedService#priority()}, ties broken by class name; when two share a name, the
 * first in that order is hosted and the other is shadowed.
 *
 * <p>Tests and embedders build their own with {@link #empty()} or {@link #load(ClassLoader)}
 * and {@link #register}. <b>Thread-safe:</b> readers see a consistent snapshot.
 */
public final class HostedServiceRegistry {

    private static final Logger log = LoggerFactory.getLogger(HostedServiceRegistry.class);

    /** Higher priority first, then class name, so the order never depends on the class path. */
    static final Comparator<HostedService> ORDER = Comparator
            .comparingInt(HostedService::priority).reversed()
            .thenComparing(s -> s.getClass().getName());

    private static final int MAX_LOAD_FAILURES = 100;

    private static HostedServiceRegistry defaultRegistry;

    private final Set<HostedService> all = new LinkedHashSet<>();
    private volatile Map<String, HostedService> effective = Map.of();

    private HostedServiceRegistry() {
    }

    /** A registry holding nothing, to be filled with {@link #register}. */
    public static HostedServiceRegistry empty() {
        return new HostedServiceRegistry();
    }

    /** A new registry holding the available services {@code loader} can find. */
    public static HostedServiceRegistry load(ClassLoader loader) {
        HostedServiceRegistry registry = new HostedServiceRegistry();
        Iterator<HostedService> it = ServiceLoader.load(HostedService.class, loader).iterator();
        // A broken provider makes hasNext()/next() throw; the iterator moves past it, but a
        // broken configuration file could throw forever, hence the bound.
        for (int failures = 0; failures < MAX_LOAD_FAILURES; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                registry.register(it.next());
            } catch (ServiceConfigurationError | RuntimeException e) {
                failures++;
                log.warn("Skipping a HostedService that could not be loaded", e);
            }
        }
        return registry;
    }

    /**
     * The process-wide registry of the services on the class path, loaded on first use with
     * this class's class loader.
     */
    public static synchronized HostedServiceRegistry defaultRegistry() {
        if (defaultRegistry == null) {
            defaultRegistry = load(HostedServiceRegistry.class.getClassLoader());
            log.info("Hosted services found on the class path: {}", defaultRegistry.names());
        }
        return defaultRegistry;
    }

    /**
     * Adds a service. An unavailable service is ignored; a service already registered (the
     * same instance) is not added twice.
     *
     * @throws IllegalArgumentException when its name is blank or its priority outside 0–10
     */
    public synchronized void register(HostedService service) {
        Objects.requireNonNull(service, "service");
        String name = service.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name() of " + service.getClass().getName() + " must not be blank");
        }
        int priority = service.priority();
        if (priority < HostedService.MIN_PRIORITY || priority > HostedService.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority() of " + service.getClass().getName()
                    + " must be in 0..10, was " + priority);
        }
        if (!service.isAvailable()) {
            log.debug("Ignoring unavailable service {}", service);
            return;
        }
        if (all.add(service)) {
            refresh();
        }
    }

    /** Removes a service previously registered; does nothing when it was not. */
    public synchronized void deregister(HostedService service) {
        if (all.remove(service)) {
            refresh();
        }
    }

    private void refresh() {
        List<HostedService> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        Map<String, HostedService> byName = new LinkedHashMap<>();
        for (HostedService service : sorted) {
            HostedService winner = byName.putIfAbsent(service.name(), service);
            if (winner != null) {
                log.info("Service {} is shadowed by {} for name '{}'", service, winner, service.name());
            }
        }
        effective = Collections.unmodifiableMap(byName);
    }

    /**
     * This registry without its {@link HostedService#diagnostic() diagnostic} services: a
     * snapshot when it holds any, else this registry itself.
     */
    public HostedServiceRegistry withoutDiagnostics() {
        List<HostedService> hosted = services();
        if (hosted.stream().noneMatch(HostedService::diagnostic)) {
            return this;
        }
        HostedServiceRegistry production = new HostedServiceRegistry();
        synchronized (this) {
            all.stream().filter(s -> !s.diagnostic()).forEach(production.all::add);
        }
        production.refresh();
        return production;
    }

    /** The hosted services (one per name), highest priority first. */
    public List<HostedService> services() {
        return List.copyOf(effective.values());
    }

    /** The names of the hosted services, highest priority first. */
    public List<String> names() {
        return List.copyOf(effective.keySet());
    }

    /** The service hosted under {@code name}, if any. */
    public Optional<HostedService> find(String name) {
        return Optional.ofNullable(effective.get(name));
    }
}
