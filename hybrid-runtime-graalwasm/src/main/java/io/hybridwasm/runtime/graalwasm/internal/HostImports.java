package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.LinkException;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.HostFunctionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every host function a runtime offers, keyed by {@code module.name}, and the check that a
 * module's imports are all offered with the signatures it expects. When two providers offer the
 * same import the one with the higher priority wins (providers arrive highest first).
 */
public final class HostImports {
    private static final Logger LOG = LoggerFactory.getLogger(HostImports.class);

    /** A host function and the provider it came from, for error messages. */
    public record Offer(HostFunction function, String provider) {
    }

    private final Map<String, Offer> offers;
    private final List<String> providerNames;

    private HostImports(Map<String, Offer> offers, List<String> providerNames) {
        this.offers = offers;
        this.providerNames = providerNames;
    }

    /** The functions of {@code providers}, which must be ordered highest priority first. */
    public static HostImports of(List<? extends HostFunctionProvider> providers) {
        Map<String, Offer> offers = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (HostFunctionProvider provider : providers) {
            String providerName = providerName(provider);
            List<HostFunction> functions;
            try {
                functions = List.copyOf(provider.functions());
            } catch (RuntimeException e) {
                LOG.warn("skipping host function provider {}: functions() failed", providerName, e);
                continue;
            }
            names.add(providerName);
            for (HostFunction function : functions) {
                Offer existing = offers.putIfAbsent(function.qualifiedName(), new Offer(function, providerName));
                if (existing != null) {
                    LOG.debug("{} of provider {} is shadowed by provider {}", function.qualifiedName(), providerName,
                            existing.provider());
                }
            }
        }
        return new HostImports(offers, List.copyOf(names));
    }

    /**
     * The host function for each of the module's imports, in import order.
     *
     * @throws LinkException an import is not a function, is not offered, or is offered with
     *                       another signature
     */
    public List<HostFunction> link(WasmModuleInfo module, String moduleName) {
        List<HostFunction> linked = new ArrayList<>();
        for (WasmImport wanted : module.imports()) {
            if (wanted.kind() != ExternKind.FUNCTION) {
                throw new LinkException("module " + moduleName + " imports " + wanted.kind().label() + " "
                        + wanted.qualifiedName() + ", but Hybrid provides only functions to guests; "
                        + "the module must define and export its own " + wanted.kind().label());
            }
            Offer offer = offers.get(wanted.qualifiedName());
            if (offer == null) {
                throw new LinkException("module " + moduleName + " imports " + wanted.qualifiedName()
                        + " with signature " + wanted.type() + ", which no HostFunctionProvider provides (providers: "
                        + (providerNames.isEmpty() ? "none" : String.join(", ", providerNames)) + ")");
            }
            if (!wanted.type().matches(offer.function().type())) {
                throw new LinkException("module " + moduleName + " imports " + wanted.qualifiedName()
                        + " with signature " + wanted.type() + ", but the host provides "
                        + offer.function().type() + " (provider " + offer.provider() + ")");
            }
            linked.add(offer.function());
        }
        return linked;
    }

    /** The offer for {@code qualifiedName}, or null. */
    public Offer offer(String qualifiedName) {
        return offers.get(qualifiedName);
    }

    public List<String> providerNames() {
        return providerNames;
    }

    private static String providerName(HostFunctionProvider provider) {
        try {
            return provider.name();
        } catch (RuntimeException e) {
            return provider.getClass().getName();
        }
    }
}
