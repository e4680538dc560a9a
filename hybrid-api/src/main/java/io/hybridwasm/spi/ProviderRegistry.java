package io.hybridwasm.spi;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The providers of one kind, found with {@link ServiceLoader}: unavailable ones dropped, the
 * rest ordered by priority (highest first, ties by class name). A provider whose class fails to
 * load is skipped with a warning rather than taking discovery down.
 *
 * <p>Thread-safe. {@link #register} adds providers by hand, for tests and for embedders that
 * do not use {@code META-INF/services}.
 *
 * @param <P> the provider type
 */
public final class ProviderRegistry<P extends HybridProvider> {
    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());
    private static final Comparator<HybridProvider> ORDER =
            Comparator.comparingInt(HybridProvider::priority).reversed()
                    .thenComparing(p -> p.getClass().getName());

    private final Class<P> type;
    /** Highest priority first; replaced whole under {@code this}, so readers never copy (every remote call asks). */
    private volatile List<P> providers = List.of();

    private ProviderRegistry(Class<P> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** An empty registry; fill it with {@link #register}. */
    public static <P extends HybridProvider> ProviderRegistry<P> empty(Class<P> type) {
        return new ProviderRegistry<>(type);
    }

    /** Every available provider of {@code type} visible to {@code loader}. */
    public static <P extends HybridProvider> ProviderRegistry<P> load(Class<P> type, ClassLoader loader) {
        ProviderRegistry<P> registry = new ProviderRegistry<>(type);
        Iterator<P> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                registry.register(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "skipping a " + type.getSimpleName() + " that failed to load", e);
            }
        }
        return registry;
    }

    /** Adds {@code provider} if it is available; returns whether it was added. */
    public boolean register(P provider) {
        Objects.requireNonNull(provider, "provider");
        boolean available;
        try {
            available = provider.isAvailable();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "provider " + provider.getClass().getName() + " threw from isAvailable()", e);
            available = false;
        }
        if (!available) {
            return false;
        }
        synchronized (this) {
            List<P> next = new ArrayList<>(providers);
            next.add(provider);
            next.sort(ORDER);
            providers = List.copyOf(next);
        }
        return true;
    }

    /** Removes {@code provider}; returns whether it was present. */
    public boolean deregister(P provider) {
        synchronized (this) {
            List<P> next = new ArrayList<>(providers);
            boolean removed = next.remove(provider);
            providers = List.copyOf(next);
            return removed;
        }
    }

    /** Available providers, highest priority first. A snapshot: later registrations do not show. */
    public List<P> providers() {
        return providers;
    }

    /** The provider type this registry holds. */
    public Class<P> type() {
        return type;
    }
}
