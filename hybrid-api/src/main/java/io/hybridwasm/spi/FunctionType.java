package io.hybridwasm.spi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A wasm function signature. {@link #toString()} prints it the way the wasm text format does,
 * e.g. {@code (i32, i32) -> i32}, which is how link errors report expected signatures.
 */
public record FunctionType(List<ValueType> params, List<ValueType> results) {

    public FunctionType {
        params = List.copyOf(params);
        results = List.copyOf(results);
        if (results.size() > 1) {
            throw new IllegalArgumentException("multi-value results are not supported: " + results);
        }
    }

    /** {@code n} {@code i32} parameters and one {@code i32} result: the shape of every ABI import. */
    public static FunctionType i32s(int n) {
        return new FunctionType(java.util.Collections.nCopies(n, ValueType.I32), List.of(ValueType.I32));
    }

    public static FunctionType of(List<ValueType> params, List<ValueType> results) {
        return new FunctionType(params, results);
    }

    @Override
    public String toString() {
        return "(" + params.stream().map(ValueType::wasmName).collect(Collectors.joining(", ")) + ") -> "
                + (results.isEmpty() ? "()" : results.get(0).wasmName());
    }
}
