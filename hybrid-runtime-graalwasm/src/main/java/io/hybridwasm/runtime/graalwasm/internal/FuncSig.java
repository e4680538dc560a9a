package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.spi.FunctionType;
import io.hybridwasm.spi.ValueType;

import java.util.List;

/**
 * A function signature as a module declares it, value types spelled as in the text format
 * ({@code i32}, {@code v128}, {@code externref}, ...). Unlike {@link FunctionType} it can hold
 * every type a module may use, so any module can be described in an error message.
 */
public record FuncSig(List<String> params, List<String> results) {

    public FuncSig {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public static FuncSig of(FunctionType type) {
        return new FuncSig(type.params().stream().map(ValueType::wasmName).toList(),
                type.results().stream().map(ValueType::wasmName).toList());
    }

    public static FuncSig i32s(int params, int results) {
        return new FuncSig(java.util.Collections.nCopies(params, "i32"), java.util.Collections.nCopies(results, "i32"));
    }

    public boolean matches(FunctionType type) {
        return equals(of(type));
    }

    /** Formatted like {@link FunctionType#toString()}: {@code (i32, i32) -> i32}. */
    @Override
    public String toString() {
        String result = switch (results.size()) {
            case 0 -> "()";
            case 1 -> results.get(0);
            default -> "(" + String.join(", ", results) + ")";
        };
        return "(" + String.join(", ", params) + ") -> " + result;
    }
}
