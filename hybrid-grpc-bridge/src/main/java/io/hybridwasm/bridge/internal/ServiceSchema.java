package io.hybridwasm.bridge.internal;

import com.google.protobuf.Descriptors;
import com.google.protobuf.util.JsonFormat;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One gRPC service as a schema source described it (a descriptor set, or the server's
 * reflection): a {@link MethodSchema} per method, built once. The JSON type registry holds every
 * message of the service's file and its imports, so {@code google.protobuf.Any} fields of those
 * types transcode too. Immutable and thread-safe.
 */
public final class ServiceSchema {
    private final String name;
    private final Map<String, MethodSchema> methods;

    ServiceSchema(Descriptors.ServiceDescriptor service) {
        this.name = service.getFullName();
        JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
        service.getFile().getMessageTypes().forEach(types::add);
        service.getFile().getDependencies().forEach(file -> file.getMessageTypes().forEach(types::add));
        JsonFormat.TypeRegistry registry = types.build();
        Map<String, MethodSchema> byName = new LinkedHashMap<>();
        for (Descriptors.MethodDescriptor method : service.getMethods()) {
            byName.put(method.getName(), new MethodSchema(method, registry));
        }
        this.methods = Map.copyOf(byName);
    }

    /** {@code package.Service}. */
    public String name() {
        return name;
    }

    /**
     * The schema of {@code method}; {@code source} says where the schema came from, asked only
     * for the message of a method the service lacks (every call looks its method up).
     *
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when the service has no such
     *                             method; the message lists the methods it has
     */
    public MethodSchema method(String method, Supplier<String> source) {
        MethodSchema schema = methods.get(method);
        if (schema == null) {
            throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "service " + name + " has no method '"
                    + method + "' (per " + source.get() + "; methods: " + String.join(", ", methods.keySet().stream()
                    .sorted().toList()) + ")");
        }
        return schema;
    }
}
