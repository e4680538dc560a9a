package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the sections of a wasm binary that linking and the guest ABI depend on (type, import,
 * function, memory, export) and skips the rest. It checks structure, not semantics: the
 * engine still validates the module in full. Anything malformed throws
 * {@link ModuleLoadException}.
 */
public final class WasmModuleReader {
    private static final int MAGIC = 0x6d736100;
    private static final int VERSION = 1;
    private static final int TYPE = 1;
    private static final int IMPORT = 2;
    private static final int FUNCTION = 3;
    private static final int MEMORY = 5;
    private static final int EXPORT = 7;

    private final List<FuncSig> types = new ArrayList<>();
    private final List<WasmImport> imports = new ArrayList<>();
    private final List<Integer> functionTypes = new ArrayList<>();
    private final List<MemoryLimits> memories = new ArrayList<>();
    private final List<WasmExport> exports = new ArrayList<>();
    private int memoryStart = -1;
    private int memoryEnd = -1;

    private WasmModuleReader() {
    }

    public static WasmModuleInfo read(byte[] binary) {
        return new WasmModuleReader().readModule(binary);
    }

    private WasmModuleInfo readModule(byte[] binary) {
        if (binary.length < 8) {
            throw new ModuleLoadException("malformed wasm module: " + binary.length + " bytes is too short for the header");
        }
        WasmBytes header = new WasmBytes(binary, 0, 8);
        int magic = header.u8() | header.u8() << 8 | header.u8() << 16 | header.u8() << 24;
        if (magic != MAGIC) {
            throw new ModuleLoadException("malformed wasm module: no \\0asm magic number (not a wasm binary?)");
        }
        int version = header.u8() | header.u8() << 8 | header.u8() << 16 | header.u8() << 24;
        if (version != VERSION) {
            throw new ModuleLoadException("malformed wasm module: binary version " + version + ", expected 1");
        }
        WasmBytes in = new WasmBytes(binary, 8, binary.length);
        Set<Integer> seen = new HashSet<>();
        while (!in.atEnd()) {
            int sectionStart = in.position();
            int id = in.u8();
            int size = in.length();
            int contentStart = in.position();
            int contentEnd = contentStart + size;
            if (id != 0 && !seen.add(id)) {
                throw in.malformed("duplicate section " + id);
            }
            WasmBytes section = new WasmBytes(binary, contentStart, contentEnd);
            switch (id) {
                case TYPE -> readTypes(section);
                case IMPORT -> readImports(section);
                case FUNCTION -> readFunctions(section);
                case MEMORY -> {
                    readMemories(section);
                    memoryStart = sectionStart;
                    memoryEnd = contentEnd;
                }
                case EXPORT -> readExports(section);
                default -> section.skip(size);
            }
            if (!section.atEnd()) {
                throw section.malformed("section " + id + " has " + (contentEnd - section.position()) + " unread bytes");
            }
            in.skip(size);
        }
        checkIndexes();
        return new WasmModuleInfo(types, imports, functionTypes, memories, exports, memoryStart, memoryEnd);
    }

    private void readTypes(WasmBytes in) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int form = in.u8();
            if (form != 0x60) {
                throw in.malformed("type " + i + " is not a function type (form 0x" + Integer.toHexString(form) + ")");
            }
            List<String> params = valueTypes(in);
            List<String> results = valueTypes(in);
            types.add(new FuncSig(params, results));
        }
    }

    private static List<String> valueTypes(WasmBytes in) {
        int count = in.length();
        List<String> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(valueType(in));
        }
        return result;
    }

    private static String valueType(WasmBytes in) {
        int code = in.u8();
        return switch (code) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x70 -> "funcref";
            case 0x6f -> "externref";
            default -> throw in.malformed("unsupported value type 0x" + Integer.toHexString(code));
        };
    }

    private void readImports(WasmBytes in) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            String module = in.name();
            String name = in.name();
            ExternKind kind = ExternKind.of(in.u8(), in);
            FuncSig type = null;
            switch (kind) {
                case FUNCTION -> type = typeAt(in, in.index());
                case TABLE -> {
                    valueType(in);
                    limits(in);
                }
                case MEMORY -> limits(in);
                case GLOBAL -> {
                    valueType(in);
                    in.u8();
                }
                case TAG -> {
                    in.u8();
                    typeAt(in, in.index());
                }
            }
            imports.add(new WasmImport(module, name, kind, type));
        }
    }

    private FuncSig typeAt(WasmBytes in, int index) {
        if (index >= types.size()) {
            throw in.malformed("type index " + index + " out of range (" + types.size() + " types)");
        }
        return types.get(index);
    }

    private void readFunctions(WasmBytes in) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            int index = in.index();
            typeAt(in, index);
            functionTypes.add(index);
        }
    }

    private void readMemories(WasmBytes in) {
        int count = in.length();
        for (int i = 0; i < count; i++) {
            memories.add(limits(in));
        }
    }

    private static MemoryLimits limits(WasmBytes in) {
        int flags = in.u8();
        if ((flags & ~0x07) != 0) {
            throw in.malformed("unknown limits flags 0x" + Integer.toHexString(flags));
        }
        boolean wide = (flags & 0x04) != 0;
        long min = wide ? in.u64() : in.u32();
        OptionalLong max = (flags & 0x01) != 0 ? OptionalLong.of(wide ? in.u64() : in.u32()) : OptionalLong.empty();
        return new MemoryLimits(flags, min, max);
    }

    private void readExports(WasmBytes in) {
        int count = in.length();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = in.name();
            ExternKind kind = ExternKind.of(in.u8(), in);
            int index = in.index();
            if (!names.add(name)) {
                throw in.malformed("duplicate export name '" + name + "'");
            }
            exports.add(new WasmExport(name, kind, index));
        }
    }

    private void checkIndexes() {
        long importedFunctions = imports.stream().filter(i -> i.kind() == ExternKind.FUNCTION).count();
        long importedMemories = imports.stream().filter(i -> i.kind() == ExternKind.MEMORY).count();
        for (WasmExport export : exports) {
            long limit = switch (export.kind()) {
                case FUNCTION -> importedFunctions + functionTypes.size();
                case MEMORY -> importedMemories + memories.size();
                default -> Long.MAX_VALUE;
            };
            if (export.index() >= limit) {
                throw new ModuleLoadException("malformed wasm module: export '" + export.name() + "' refers to "
                        + export.kind().label() + " " + export.index() + ", which does not exist");
            }
        }
    }
}
