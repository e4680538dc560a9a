package io.hybridwasm.bridge;

import io.hybridwasm.PayloadEncoding;

import java.util.List;
import java.util.Objects;

/**
 * One service a server hosts, as {@link RemoteExecutionClient#listServices(String)} reports it.
 *
 * @param name        the logical service name callers use
 * @param nodeType    the implementation type behind it
 * @param description a human-readable summary
 * @param idempotent  running it twice has the same effect as once, so retrying is safe
 * @param cacheable   its result depends only on its input and config
 * @param accepts     the payload encodings it reads, preferred first; immutable
 */
public record RemoteServiceInfo(String name, String nodeType, String description, boolean idempotent,
                                boolean cacheable, List<PayloadEncoding> accepts) {

    public RemoteServiceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeType, "nodeType");
        Objects.requireNonNull(description, "description");
        accepts = List.copyOf(accepts);
    }
}
