package io.hybridwasm.services.internal.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the model window by window for one caller, without allocating per window: the input
 * window and two pairs of recurrent state (h, c) live in direct buffers wrapped once as
 * tensors; each run reads one pair and writes the other through pinned outputs, and the pairs
 * swap. Confined to one thread; close it to free the native tensors.
 */
public final class WindowRunner implements AutoCloseable {

    private static final long[] WINDOW_SHAPE = {1, SileroModel.WINDOW};
    private static final long[] STATE_SHAPE = {2, 1, 64};
    private static final long[] OUTPUT_SHAPE = {1, 1};

    private final OrtSession session;
    private final List<OnnxTensor> tensors = new ArrayList<>();
    private final FloatBuffer window = floats(SileroModel.WINDOW);
    private final FloatBuffer probability = floats(1);
    private final FloatBuffer[] h = {floats(SileroModel.STATE_SIZE), floats(SileroModel.STATE_SIZE)};
    private final FloatBuffer[] c = {floats(SileroModel.STATE_SIZE), floats(SileroModel.STATE_SIZE)};
    private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>(2);
    private final List<Map<String, OnnxTensor>> outputs = new ArrayList<>(2);
    private int current;

    WindowRunner(OrtEnvironment env, OrtSession session) throws OrtException {
        this.session = session;
        try {
            LongBuffer rate = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
            rate.put(0, SileroModel.SAMPLE_RATE);
            OnnxTensor sr = track(OnnxTensor.createTensor(env, rate, new long[0]));
            OnnxTensor input = track(OnnxTensor.createTensor(env, window, WINDOW_SHAPE));
            OnnxTensor output = track(OnnxTensor.createTensor(env, probability, OUTPUT_SHAPE));
            OnnxTensor[] hs = {track(OnnxTensor.createTensor(env, h[0], STATE_SHAPE)),
                    track(OnnxTensor.createTensor(env, h[1], STATE_SHAPE))};
            OnnxTensor[] cs = {track(OnnxTensor.createTensor(env, c[0], STATE_SHAPE)),
                    track(OnnxTensor.createTensor(env, c[1], STATE_SHAPE))};
            for (int i = 0; i < 2; i++) {
                inputs.add(Map.of(SileroModel.INPUT, input, SileroModel.SAMPLE_RATE_INPUT, sr,
                        SileroModel.H, hs[i], SileroModel.C, cs[i]));
                outputs.add(Map.of(SileroModel.OUTPUT, output, SileroModel.HN, hs[1 - i], SileroModel.CN, cs[1 - i]));
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private OnnxTensor track(OnnxTensor tensor) {
        tensors.add(tensor);
        return tensor;
    }

    /** Sets the recurrent state the next window starts from (h, c as kept in a stream). */
    public void loadState(float[] hState, float[] cState) {
        h[current].put(0, hState);
        c[current].put(0, cState);
    }

    /** Starts from the all-zero state, as a fresh stream does. */
    public void resetState() {
        loadState(new float[SileroModel.STATE_SIZE], new float[SileroModel.STATE_SIZE]);
    }

    /** Copies the recurrent state after the last window into {@code hState} and {@code cState}. */
    public void saveState(float[] hState, float[] cState) {
        h[current].get(0, hState);
        c[current].get(0, cState);
    }

    /**
     * Runs one window of {@link SileroModel#WINDOW} samples starting at {@code offset} and
     * advances the recurrent state.
     *
     * @return the model's speech probability for the window, 0..1
     */
    public float step(float[] samples, int offset) {
        window.put(0, samples, offset, SileroModel.WINDOW);
        try {
            session.run(inputs.get(current), outputs.get(current)).close();
        } catch (OrtException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        }
        current = 1 - current;
        return probability.get(0);
    }

    @Override
    public void close() {
        for (OnnxTensor tensor : tensors) {
            tensor.close();
        }
        tensors.clear();
    }
}
