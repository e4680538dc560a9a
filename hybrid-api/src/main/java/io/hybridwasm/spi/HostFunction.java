package io.hybridwasm.spi;

import io.hybridwasm.HybridException;

import java.util.Objects;

/**
 * A function the host offers to guests as the import {@code module.name} with signature
 * {@code type}. A plain value, after Chicory's {@code HostFunction}.
 *
 * <p>Failure contract: a {@link HybridException} thrown by the body of a function returning a
 * single {@code i32} becomes that call's return value ({@code status().code()}), so guests see
 * an ABI status, never an exception. Any other exception, or any exception from a function with
 * another result type, traps the guest and is reported to the Java caller as a
 * {@link io.hybridwasm.TrapException} with the exception as cause.
 *
 * @param module the import module, e.g. {@code "env"}
 * @param name   the import name
 * @param type   the signature guests must import it with
 * @param body   the implementation; called on the guest's thread and may block
 */
public record HostFunction(String module, String name, FunctionType type, Body body) {

    public HostFunction {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
    }

    /** An import taking {@code paramCount} {@code i32}s and returning an {@code i32} status. */
    public static HostFunction ofInts(String module, String name, int paramCount, IntBody body) {
        Objects.requireNonNull(body, "body");
        return new HostFunction(module, name, FunctionType.i32s(paramCount), (call, args) -> {
            int[] ints = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                ints[i] = (int) args[i];
            }
            return new long[] {body.apply(call, ints)};
        });
    }

    /** {@code module.name}, as error messages print it. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** The general form of a host function body. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param call the invocation
         * @param args one value per parameter, encoded as {@link ValueType} describes
         * @return one value per result (empty for none)
         */
        long[] apply(HostCall call, long[] args);
    }

    /** The body of an all-{@code i32} function. */
    @FunctionalInterface
    public interface IntBody {
        int apply(HostCall call, int[] args);
    }
}
