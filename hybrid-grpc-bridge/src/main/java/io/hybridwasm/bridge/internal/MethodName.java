package io.hybridwasm.bridge.internal;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;

/**
 * A service name that names a gRPC method of an existing server: {@code package.Service/Method},
 * optionally suffixed {@code +proto} to exchange raw protobuf bytes instead of JSON. Names
 * without {@code /} are {@code hybrid.v1} hosted services and never reach this type.
 *
 * @param service the gRPC service, {@code package.Service}
 * @param method  the method's simple name
 * @param raw     whether the caller exchanges serialized protobuf ({@code +proto}) rather than JSON
 */
public record MethodName(String service, String method, boolean raw) {
    /** The suffix that asks for raw protobuf in and out. */
    public static final String RAW_SUFFIX = "+proto";

    /** Whether {@code name} names a gRPC method rather than a hosted service. */
    public static boolean isMethod(String name) {
        return name.indexOf('/') >= 0;
    }

    /**
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} when the name is not of the
     *                             form {@code package.Service/Method[+proto]}
     */
    public static MethodName parse(String name) {
        boolean raw = name.endsWith(RAW_SUFFIX);
        String bare = raw ? name.substring(0, name.length() - RAW_SUFFIX.length()) : name;
        int slash = bare.indexOf('/');
        if (slash <= 0 || slash == bare.length() - 1 || bare.indexOf('/', slash + 1) >= 0) {
            throw new RemoteCallException(HostStatus.UNKNOWN_SERVICE, "'" + name
                    + "' is not a gRPC method name: expected package.Service/Method (optionally +proto)");
        }
        return new MethodName(bare.substring(0, slash), bare.substring(slash + 1), raw);
    }

    /** gRPC's full method name, {@code package.Service/Method}. */
    public String fullName() {
        return service + "/" + method;
    }

    @Override
    public String toString() {
        return raw ? fullName() + RAW_SUFFIX : fullName();
    }
}
