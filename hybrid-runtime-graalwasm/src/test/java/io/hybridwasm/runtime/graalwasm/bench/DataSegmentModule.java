package io.hybridwasm.runtime.graalwasm.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a throw-away module whose passive data segment holds a payload and whose
 * {@code copy(dst)} puts it into an imported memory with {@code memory.init}: a candidate bulk
 * write that stays inside the engine's bounds checks.
 */
final class DataSegmentModule {

    private DataSegmentModule() {
    }

    /** Imports {@code g.memory}; exports {@code copy(i32)}. */
    static byte[] of(byte[] payload) {
        ByteArrayOutputStream module = new ByteArrayOutputStream(payload.length + 128);
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(module, 1, new byte[] {1, 0x60, 1, 0x7f, 0});
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.writeBytes(new byte[] {1, 1, 'g', 6});
        imports.writeBytes("memory".getBytes(StandardCharsets.UTF_8));
        imports.writeBytes(new byte[] {2, 0, 0});
        section(module, 2, imports.toByteArray());
        section(module, 3, new byte[] {1, 0});
        section(module, 7, new byte[] {1, 4, 'c', 'o', 'p', 'y', 0, 0});
        section(module, 12, new byte[] {1});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 0x20, 0, 0x41, 0, 0x41});
        signed(body, payload.length);
        body.writeBytes(new byte[] {(byte) 0xfc, 8, 0, 0, 0x0b});
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        unsigned(code, body.size());
        code.writeBytes(body.toByteArray());
        section(module, 10, code.toByteArray());
        ByteArrayOutputStream data = new ByteArrayOutputStream(payload.length + 8);
        data.writeBytes(new byte[] {1, 1});
        unsigned(data, payload.length);
        data.writeBytes(payload);
        section(module, 11, data.toByteArray());
        return module.toByteArray();
    }

    static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        unsigned(out, content.length);
        out.writeBytes(content);
    }

    static void unsigned(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    private static void signed(ByteArrayOutputStream out, long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
