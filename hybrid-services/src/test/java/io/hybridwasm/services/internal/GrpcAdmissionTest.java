package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GrpcAdmissionTest {

    private static final String EXECUTE = "hybrid.v1.RemoteExecution/Execute";
    private static final String HEALTH = "grpc.health.v1.Health/Check";

    private final AtomicInteger started = new AtomicInteger();
    private final ServerCallHandler<String, String> service = (call, headers) -> {
        started.incrementAndGet();
        return new ServerCall.Listener<>() { };
    };
    private final GrpcAdmission admission = new GrpcAdmission(2);

    private FakeServerCall call(String method) {
        return new FakeServerCall(method);
    }

    @Test
    void callsBeyondTheLimitAreServerBusyAndNotMistakenForMessageSize() {
        ServerCall.Listener<String> first = admission.interceptCall(call(EXECUTE), new Metadata(), service);
        admission.interceptCall(call(EXECUTE), new Metadata(), service);
        FakeServerCall third = call(EXECUTE);
        admission.interceptCall(third, new Metadata(), service);

        assertEquals(2, started.get());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.closedWith.getCode());
        String description = third.closedWith.getDescription().toLowerCase(Locale.ROOT);
        assertEquals("server busy: 2 calls in progress; retry later", description);
        // The bridge reads these phrases as "message too large" (ABI -10); busy must stay -2.
        for (String sizePhrase : new String[] {"exceeds maximum", "too large", "larger than max", "message size"}) {
            assertFalse(description.contains(sizePhrase), sizePhrase);
        }

        first.onComplete();
        FakeServerCall fourth = call(EXECUTE);
        admission.interceptCall(fourth, new Metadata(), service);
        assertNull(fourth.closedWith);
        assertEquals(3, started.get());
    }

    @Test
    void aCallFreesItsPlaceOnceWhetherItCompletesOrIsCancelled() {
        ServerCall.Listener<String> a = admission.interceptCall(call(EXECUTE), new Metadata(), service);
        ServerCall.Listener<String> b = admission.interceptCall(call(EXECUTE), new Metadata(), service);
        a.onCancel();
        a.onComplete();
        assertEquals(1, admission.activeCalls());
        b.onComplete();
        assertEquals(0, admission.activeCalls());
    }

    @Test
    void aHandlerThatThrowsFreesItsPlace() {
        ServerCallHandler<String, String> broken = (call, headers) -> {
            throw new IllegalStateException("boom");
        };
        assertThrows(IllegalStateException.class, () -> admission.interceptCall(call(EXECUTE), new Metadata(), broken));
        assertEquals(0, admission.activeCalls());
    }

    @Test
    void drainingRefusesNewCallsWithUnavailableButStillAnswersHealthChecks() {
        admission.drain();
        FakeServerCall late = call(EXECUTE);
        admission.interceptCall(late, new Metadata(), service);
        assertEquals(Status.Code.UNAVAILABLE, late.closedWith.getCode());
        assertEquals("server is shutting down", late.closedWith.getDescription());

        FakeServerCall probe = call(HEALTH);
        admission.interceptCall(probe, new Metadata(), service);
        assertNull(probe.closedWith);
        assertEquals(1, started.get());
    }

    @Test
    void healthChecksDoNotCountTowardsTheLimit() {
        for (int i = 0; i < 5; i++) {
            admission.interceptCall(call(HEALTH), new Metadata(), service);
        }
        assertEquals(0, admission.activeCalls());
        assertThrows(IllegalArgumentException.class, () -> new GrpcAdmission(0));
    }
}
