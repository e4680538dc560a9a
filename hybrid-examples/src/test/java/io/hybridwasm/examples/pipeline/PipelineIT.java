package io.hybridwasm.examples.pipeline;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.runtime.graalwasm.GraalWasmRuntime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed {@code intelligent_vad} guest ({@code process}) as a pipeline stage on a node of
 * four instances, 16 chunks in flight: every chunk comes out in input order with the verdict a
 * plain sequential call gives for it.
 */
class PipelineIT {
    private static final int CHUNKS = 48;
    private static final ModuleSource VAD = ModuleSource.ofResource("modules/intelligent_vad.wasm",
            PipelineIT.class.getClassLoader());

    @Test
    void concurrentChunksComeOutInOrderEachWithItsOwnVerdict() throws IOException {
        float[] speech = espeakSpeech();
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            chunks.add(new Chunk(slice(speech, i), Map.of("chunk_id", Integer.toString(i))));
        }
        try (WasmRuntime runtime = GraalWasmRuntime.builder().build()) {
            WasmConfig config = WasmConfig.builder(VAD).maxInstances(4).callTimeout(Duration.ofMinutes(1)).build();
            List<byte[]> expected = new ArrayList<>();
            try (WasmNode sequential = runtime.load(config)) {
                for (Chunk chunk : chunks) {
                    expected.add(sequential.process(chunk.data()));
                }
            }
            List<Chunk> out = new ArrayList<>();
            try (Pipeline pipeline = new Pipeline("vad", 16)
                    .add(new WasmStage("vad", runtime.load(config)))
                    .add(new VerdictStage())) {
                pipeline.process(chunks, out::add);
            }
            assertEquals(CHUNKS, out.size());
            long speechVerdicts = 0;
            for (int i = 0; i < CHUNKS; i++) {
                assertEquals(Integer.toString(i), out.get(i).meta("chunk_id"), "chunk at position " + i);
                assertArrayEquals(expected.get(i), out.get(i).data(), "verdict of chunk " + i);
                assertTrue(out.get(i).metadata().containsKey("vad.micros"));
                speechVerdicts += out.get(i).meta("is_speech").equals("true") ? 1 : 0;
            }
            assertTrue(speechVerdicts > 0 && speechVerdicts < CHUNKS, "a mix of verdicts, so a swap would show: " + speechVerdicts);
        }
    }

    /** Copies the guest's {@code is_speech} into the metadata: a plain Java stage after the guest. */
    private static final class VerdictStage implements Stage {
        @Override
        public String name() {
            return "verdict";
        }

        @Override
        public Chunk apply(Chunk chunk) {
            String json = new String(chunk.data(), StandardCharsets.UTF_8);
            return chunk.with(chunk.data(), Map.of("is_speech", Boolean.toString(json.contains("\"is_speech\":true"))));
        }
    }

    /** A window of the speech at a gain, both varying with {@code i} (every fifth chunk silent). */
    private static byte[] slice(float[] speech, int i) {
        int length = 320 + (i * 97) % 960;
        int start = (i * 331) % (speech.length - length);
        float gain = (i % 5) / 4f;
        ByteBuffer out = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float sample : Arrays.copyOfRange(speech, start, start + length)) {
            out.putFloat(sample * gain);
        }
        return out.array();
    }

    /** 1 s of espeak-ng speech, the edge VAD's own test fixture (16-bit LE, 16 kHz), as floats. */
    private static float[] espeakSpeech() throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of("../wasm-src/intelligent_vad/tests-data/espeak-seven-hundred.s16")))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[in.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.getShort() / 32768f;
        }
        return out;
    }
}
