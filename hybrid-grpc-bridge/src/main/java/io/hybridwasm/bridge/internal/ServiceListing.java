package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.ServiceInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What one server declared about its services ({@code ListServices}), kept for {@link #TTL}:
 * a server redeployed with other services, or other traits, is believed again within that
 * time, and at once after {@link #forget()} (a call found a service missing). Thread-safe.
 */
final class ServiceListing {
    /** How long a listing is used before the server is asked again. */
    static final Duration TTL = Duration.ofMinutes(5);

    private final LongSupplier nanoClock;
    private volatile Snapshot snapshot;

    ServiceListing(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The live listing, or empty when none was fetched or it is older than the TTL. */
    Optional<Map<String, ServiceTraits>> current() {
        Snapshot s = snapshot;
        return s != null && nanoClock.getAsLong() - s.expiresAt() < 0 ? Optional.of(s.traits()) : Optional.empty();
    }

    /** Keeps {@code traits} for the TTL and returns them. */
    Map<String, ServiceTraits> store(Map<String, ServiceTraits> traits) {
        snapshot = new Snapshot(Map.copyOf(traits), nanoClock.getAsLong() + TTL.toNanos());
        return traits;
    }

    /** The traits a {@code ListServices} answer declares, by service name. */
    static Map<String, ServiceTraits> traitsOf(ListServicesResponse response) {
        Map<String, ServiceTraits> traits = new HashMap<>();
        for (ServiceInfo info : response.getServicesList()) {
            traits.put(info.getName(), new ServiceTraits(info.getAcceptsCount() > 0
                    ? Encodings.fromProto(info.getAccepts(0)) : PayloadEncoding.RAW,
                    info.getIdempotent(), info.getCacheable()));
        }
        return traits;
    }

    /** Drops the listing: the next call that needs it asks the server. */
    void forget() {
        snapshot = null;
    }

    private record Snapshot(Map<String, ServiceTraits> traits, long expiresAt) {
    }
}
