package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.HybridException;
import io.hybridwasm.spi.HostCall;
import io.hybridwasm.spi.HostFunction;
import io.hybridwasm.spi.ValueType;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.util.List;
import java.util.function.Supplier;

/**
 * Presents a {@link HostFunction} to the engine: converts arguments to the {@code long}
 * encoding of {@link ValueType}, runs the body, and applies the failure contract of
 * {@link HostFunction}: a {@link HybridException} from a function returning one {@code i32}
 * becomes its status code; any other failure traps the guest via {@link HostFunctionFailure}.
 */
final class HostFunctionAdapter implements ProxyExecutable {
    private final HostFunction function;
    private final Supplier<HostCall> calls;
    private final ValueType[] params;
    private final ValueType result;
    private final boolean returnsStatus;

    HostFunctionAdapter(HostFunction function, Supplier<HostCall> calls) {
        this.function = function;
        this.calls = calls;
        this.params = function.type().params().toArray(ValueType[]::new);
        List<ValueType> results = function.type().results();
        this.result = results.isEmpty() ? null : results.get(0);
        this.returnsStatus = result == ValueType.I32;
    }

    @Override
    public Object execute(Value... arguments) {
        long[] results;
        try {
            results = function.body().apply(calls.get(), toLongs(arguments));
        } catch (PolyglotException e) {
            throw e;
        } catch (HybridException e) {
            if (returnsStatus) {
                return e.status().code();
            }
            throw new HostFunctionFailure(function.qualifiedName(), e);
        } catch (RuntimeException e) {
            throw new HostFunctionFailure(function.qualifiedName(), e);
        }
        return toGuest(results);
    }

    private long[] toLongs(Value[] arguments) {
        if (arguments.length != params.length) {
            throw new HostFunctionFailure(function.qualifiedName(), new IllegalArgumentException(
                    "called with " + arguments.length + " arguments, its type " + function.type() + " has " + params.length));
        }
        long[] values = new long[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            Value argument = arguments[i];
            values[i] = switch (params[i]) {
                case I32 -> argument.asInt();
                case I64 -> argument.asLong();
                case F32 -> Float.floatToRawIntBits(argument.asFloat());
                case F64 -> Double.doubleToRawLongBits(argument.asDouble());
            };
        }
        return values;
    }

    private Object toGuest(long[] results) {
        int expected = result == null ? 0 : 1;
        if (results == null || results.length != expected) {
            throw new HostFunctionFailure(function.qualifiedName(), new IllegalStateException("returned "
                    + (results == null ? "null" : results.length + " values") + ", but its type " + function.type()
                    + " has " + expected + " result(s)"));
        }
        if (result == null) {
            return null;
        }
        long value = results[0];
        return switch (result) {
            case I32 -> (int) value;
            case I64 -> value;
            case F32 -> Float.intBitsToFloat((int) value);
            case F64 -> Double.longBitsToDouble(value);
        };
    }
}
