package io.hybridwasm.spi;

/**
 * What every Hybrid service-provider has in common, after grpc-java's providers: a key, whether
 * it can work in this JVM, and a priority that decides between providers of the same kind.
 *
 * <p>Implementations must not throw from their constructor, {@link #isAvailable()} or
 * {@link #priority()}; a provider that cannot work reports {@code false} from
 * {@code isAvailable()} and is skipped.
 */
public interface HybridProvider {

    /** Default priority. */
    int DEFAULT_PRIORITY = 5;

    /** A short stable key, e.g. {@code "grpc-bridge"}; used in logs and error messages. */
    String name();

    /** Whether this provider can work here; unavailable providers are dropped at discovery. */
    default boolean isAvailable() {
        return true;
    }

    /** 0 to 10; higher wins. {@value #DEFAULT_PRIORITY} unless there is a reason. */
    default int priority() {
        return DEFAULT_PRIORITY;
    }
}
