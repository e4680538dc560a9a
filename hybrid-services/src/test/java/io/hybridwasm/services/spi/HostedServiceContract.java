package io.hybridwasm.services.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link HostedService} keeps. A third party extends this in its own tests,
 * returning its service from {@link #service()} and a typical call from {@link #sampleCall()};
 * the built-in services do the same.
 */
public abstract class HostedServiceContract {

    /** A fresh instance of the service under test. */
    protected abstract HostedService service();

    /** A typical call: one the service answers, or, for a service that fails, fails. */
    protected abstract ServiceCall sampleCall();

    /** What {@code execute} does with {@code call}: a result or a ServiceException. */
    private static Object outcome(HostedService service, ServiceCall call) {
        try {
            return service.execute(call);
        } catch (ServiceException e) {
            return e;
        }
    }

    @Test
    void describesItselfWithoutThrowing() {
        HostedService service = service();
        assertFalse(service.name().isBlank(), "name");
        assertFalse(service.description().isBlank(), "description");
        assertFalse(service.nodeType().isBlank(), "nodeType");
        assertFalse(service.accepts().isEmpty(), "accepts");
        assertDoesNotThrow(service::isAvailable);
        assertTrue(service.priority() >= HostedService.MIN_PRIORITY
                && service.priority() <= HostedService.MAX_PRIORITY, "priority " + service.priority());
    }

    @Test
    void isFoundByTheServiceLoader() {
        HostedService service = service();
        HostedServiceRegistry registry = HostedServiceRegistry.load(getClass().getClassLoader());
        Optional<HostedService> found = registry.find(service.name());
        assertTrue(found.isPresent(), service.name() + " is not registered in META-INF/services");
        assertEquals(service.getClass(), found.get().getClass());
    }

    @Test
    void answersWithAResultOrAServiceExceptionNeverAnythingElse() {
        Object outcome = assertDoesNotThrow(() -> outcome(service(), sampleCall()));
        assertNotNull(outcome);
        if (outcome instanceof ServiceResult result) {
            assertNotNull(result.encoding());
            assertNotNull(result.metadata());
        }
    }

    @Test
    void aStreamedChunkIsTreatedLikeAnExecuteCall() {
        HostedService service = service();
        ServiceCall call = sampleCall();
        Object direct = outcome(service, call);
        try (StreamHandler handler = service.openStream(call)) {
            if (direct instanceof ServiceException e) {
                assertEquals(e.kind(), assertThrows(ServiceException.class, () -> handler.consume(call)).kind());
            } else {
                Optional<ServiceResult> streamed = handler.consume(call);
                assertTrue(streamed.isPresent(), "the default handler answers every chunk");
                assertEquals(((ServiceResult) direct).encoding(), streamed.get().encoding());
            }
        }
    }
}
