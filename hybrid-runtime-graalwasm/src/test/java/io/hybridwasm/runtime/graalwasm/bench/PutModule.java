package io.hybridwasm.runtime.graalwasm.bench;

import java.io.ByteArrayOutputStream;

/**
 * Builds a module that imports {@code g.memory} and exports {@code put(ptr i32, v0..vN-1)},
 * storing its N arguments (i64, f64 or i32) little-endian from {@code ptr}: a bulk write made
 * of one {@code Value.execute} per 8·N (or 4·N) bytes.
 */
final class PutModule {
    enum Type {
        I64(0x7e, 0x37, 8), F64(0x7c, 0x39, 8), I32(0x7f, 0x36, 4);

        final int code;
        final int store;
        final int width;

        Type(int code, int store, int width) {
            this.code = code;
            this.store = store;
            this.width = width;
        }
    }

    private PutModule() {
    }

    static byte[] of(Type type, int count) {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        types.writeBytes(new byte[] {1, 0x60});
        DataSegmentModule.unsigned(types, count + 1);
        types.write(0x7f);
        for (int i = 0; i < count; i++) {
            types.write(type.code);
        }
        types.write(0);
        DataSegmentModule.section(module, 1, types.toByteArray());
        DataSegmentModule.section(module, 2, new byte[] {1, 1, 'g', 6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0, 0});
        DataSegmentModule.section(module, 3, new byte[] {1, 0});
        DataSegmentModule.section(module, 7, new byte[] {1, 3, 'p', 'u', 't', 0, 0});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        for (int i = 0; i < count; i++) {
            body.writeBytes(new byte[] {0x20, 0, 0x20});
            DataSegmentModule.unsigned(body, i + 1);
            body.writeBytes(new byte[] {(byte) type.store, 0});
            DataSegmentModule.unsigned(body, (long) i * type.width);
        }
        body.write(0x0b);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        DataSegmentModule.unsigned(code, body.size());
        code.writeBytes(body.toByteArray());
        DataSegmentModule.section(module, 10, code.toByteArray());
        return module.toByteArray();
    }
}
