package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ListServicesResponse;
import io.hybridwasm.proto.v1.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceListingTest {
    private final AtomicLong now = new AtomicLong();
    private final ServiceListing listing = new ServiceListing(now::get);
    private final Map<String, ServiceTraits> traits = ServiceListing.traitsOf(ListServicesResponse.newBuilder()
            .addServices(ServiceInfo.newBuilder().setName("Echo").addAccepts(Encoding.ENCODING_PCM_F32LE)
                    .setIdempotent(true).setCacheable(true))
            .build());

    @Test
    void aListingIsBelievedForItsTtlAndNotAMomentLonger() {
        assertEquals(Optional.empty(), listing.current());
        listing.store(traits);
        now.addAndGet(ServiceListing.TTL.toNanos() - 1);
        assertEquals(Optional.of(traits), listing.current());
        now.addAndGet(1);
        assertEquals(Optional.empty(), listing.current(), "an expired listing is asked for again");
    }

    @Test
    void aForgottenListingIsAskedForAgainAtOnce() {
        listing.store(traits);
        listing.forget();
        assertEquals(Optional.empty(), listing.current());
    }

    @Test
    void traitsComeFromTheFirstAcceptedEncodingAndTheDeclaredFlags() {
        assertEquals(new ServiceTraits(PayloadEncoding.PCM_F32LE, true, true), traits.get("Echo"));
    }
}
