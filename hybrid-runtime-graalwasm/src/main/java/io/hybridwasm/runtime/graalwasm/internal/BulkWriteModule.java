package io.hybridwasm.runtime.graalwasm.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The binary of the small module {@link BulkMemoryWriter} instantiates next to a guest. It
 * imports the guest's memory and GraalWasm's WASI {@code fd_read} (under a linking name no
 * guest can import), and re-exports the memory, which is how the WASI builtin finds the memory
 * it reads into. {@code fill(ptr, len, word)} reads {@code len} bytes of the context's stdin
 * into {@code [ptr, ptr+len)}: it uses the first twelve bytes of that range for the iovec and
 * the byte count, since every other byte belongs to the guest, then stores {@code word}, the
 * caller's bytes at {@code ptr+8}, back over the count. It returns the count, or minus the
 * WASI errno.
 *
 * <p>Written here rather than compiled from text so the runtime needs no build step; the test
 * {@code BulkWriteModuleTest} checks it byte for byte against {@code src/test/wat/bulk_write.wat}.
 */
final class BulkWriteModule {
    static final String WASI_LINK_NAME = "hybrid_bulk_write";
    static final String MEMORY_IMPORT_MODULE = "guest";
    static final String MEMORY = "memory";
    static final String FILL = "fill";
    /** Offset in the target range where {@code fd_read} leaves its count, restored from {@code word}. */
    static final int COUNT_OFFSET = 8;
    /** The iovec (8 bytes) and the count (4 bytes) live in the target range, so it needs at least this. */
    static final int MIN_LENGTH = COUNT_OFFSET + Integer.BYTES;

    private static final int I32 = 0x7f;
    private static final int FUNC = 0x00;
    private static final int MEM = 0x02;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int I32_CONST = 0x41;
    private static final int I32_LOAD = 0x28;
    private static final int I32_STORE = 0x36;
    private static final int UNALIGNED = 0;

    private BulkWriteModule() {
    }

    static byte[] bytes() {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(module, 1, 2, 0x60, 4, I32, I32, I32, I32, 1, I32, 0x60, 3, I32, I32, I32, 1, I32);
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(2);
        name(imports, WASI_LINK_NAME);
        name(imports, "fd_read");
        imports.writeBytes(new byte[] {FUNC, 0});
        name(imports, MEMORY_IMPORT_MODULE);
        name(imports, MEMORY);
        imports.writeBytes(new byte[] {MEM, 0, 0});
        section(module, 2, imports.toByteArray());
        section(module, 3, 1, 1);
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(2);
        name(exports, MEMORY);
        exports.writeBytes(new byte[] {MEM, 0});
        name(exports, FILL);
        exports.writeBytes(new byte[] {FUNC, 1});
        section(module, 7, exports.toByteArray());
        byte[] body = code(
                1, 2, I32,
                LOCAL_GET, 0, LOCAL_GET, 0, I32_STORE, UNALIGNED, 0,
                LOCAL_GET, 0, LOCAL_GET, 1, I32_STORE, UNALIGNED, 4,
                I32_CONST, 0, LOCAL_GET, 0, I32_CONST, 1, LOCAL_GET, 0, I32_CONST, COUNT_OFFSET, 0x6a,
                0x10, 0, LOCAL_SET, 3,
                LOCAL_GET, 0, I32_LOAD, UNALIGNED, COUNT_OFFSET, LOCAL_SET, 4,
                LOCAL_GET, 0, LOCAL_GET, 2, I32_STORE, UNALIGNED, COUNT_OFFSET,
                I32_CONST, 0, LOCAL_GET, 3, 0x6b, LOCAL_GET, 4, LOCAL_GET, 3, 0x1b,
                0x0b);
        ByteArrayOutputStream codeSection = new ByteArrayOutputStream();
        codeSection.write(1);
        codeSection.write(body.length);
        codeSection.writeBytes(body);
        section(module, 10, codeSection.toByteArray());
        return module.toByteArray();
    }

    private static byte[] code(int... bytes) {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            result[i] = (byte) bytes[i];
        }
        return result;
    }

    private static void section(ByteArrayOutputStream out, int id, int... content) {
        section(out, id, code(content));
    }

    /** Every size in this module is below 128, so each fits in one LEB128 byte. */
    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.write(content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.write(utf8.length);
        out.writeBytes(utf8);
    }
}
