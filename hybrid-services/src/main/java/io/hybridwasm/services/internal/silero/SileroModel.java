package io.hybridwasm.services.internal.silero;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Silero VAD v4 network loaded into one ONNX Runtime session, shared by every call of a
 * server: {@link OrtSession#run} is thread-safe, and each call brings its own
 * {@link WindowRunner} (tensors and recurrent state), so nothing here changes after loading.
 *
 * <p>The session runs on one intra-op and one inter-op thread: a 64 ms window is far too
 * small to split, and the server's worker threads already give the parallelism. The ONNX
 * Runtime environment is a process-wide singleton that ONNX Runtime itself releases at exit.
 */
public final class SileroModel implements AutoCloseable {

    /** The bundled model's resource name, used in messages. */
    public static final String BUNDLED_NAME = "silero_vad.onnx";
    /** The model identifier reported in results. */
    public static final String MODEL_ID = "silero_vad_v4";
    /** The only sample rate the model is used at. */
    public static final int SAMPLE_RATE = 16_000;
    /**
     * Samples per window: 1024 (64 ms), one of the three sizes Silero VAD v4 takes at 16 kHz
     * (512, 1024, 1536). A run costs about the same at any of them (~180 µs on one core, most of
     * it fixed per run), so 1024 is twice as cheap per second of audio as 512; on the dev corpus
     * (0.5 s chunks) it scored as well (F1 0.919 stateless, 0.918 in a stream, against 0.911 and
     * 0.915 at 512), and it keeps stateless calls, which run the model twice, above 100x real time.
     */
    public static final int WINDOW = 1024;
    /** Floats in each of h and c: 2 layers x batch 1 x 64. */
    public static final int STATE_SIZE = 2 * 64;

    static final String INPUT = "input";
    static final String SAMPLE_RATE_INPUT = "sr";
    static final String H = "h";
    static final String C = "c";
    static final String OUTPUT = "output";
    static final String HN = "hn";
    static final String CN = "cn";
    private static final String RESOURCE = "/io/hybridwasm/services/silero/" + BUNDLED_NAME;

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;

    private SileroModel(String name, OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session) {
        this.name = name;
        this.env = env;
        this.options = options;
        this.session = session;
    }

    /**
     * Loads the model bundled with this module.
     *
     * @throws IllegalStateException naming the model when it is missing, unreadable, not a
     *     Silero VAD v4 network, or ONNX Runtime cannot be loaded on this platform
     */
    public static SileroModel loadBundled() {
        byte[] bytes;
        try (InputStream in = SileroModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("VAD model " + BUNDLED_NAME + " is missing from the class path ("
                        + RESOURCE + ")");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("VAD model " + BUNDLED_NAME + " cannot be read: " + e.getMessage(), e);
        }
        return load(BUNDLED_NAME, bytes);
    }

    /**
     * Loads a Silero VAD v4 network from {@code bytes}.
     *
     * @param name what to call the model in messages, e.g. its file name
     * @throws IllegalStateException naming the model when it cannot be loaded
     */
    public static SileroModel load(String name, byte[] bytes) {
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("VAD model " + name + ": ONNX Runtime cannot be loaded on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + rootMessage(e), e);
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(bytes, options);
            try {
                checkSignature(name, session);
            } catch (IllegalStateException | OrtException e) {
                session.close();
                throw e;
            }
            return new SileroModel(name, env, options, session);
        } catch (OrtException | RuntimeException e) {
            options.close();
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("VAD model " + name + " (" + bytes.length
                    + " bytes) cannot be loaded by ONNX Runtime: " + rootMessage(e), e);
        }
    }

    private static void checkSignature(String name, OrtSession session) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Set<String> outputs = session.getOutputNames();
        List<String> expectedInputs = List.of(INPUT, SAMPLE_RATE_INPUT, H, C);
        List<String> expectedOutputs = List.of(OUTPUT, HN, CN);
        if (!inputs.keySet().containsAll(expectedInputs) || !outputs.containsAll(expectedOutputs)) {
            throw new IllegalStateException("VAD model " + name + " is not a Silero VAD v4 network: inputs "
                    + inputs.keySet() + " outputs " + outputs + ", expected inputs " + expectedInputs
                    + " and outputs " + expectedOutputs);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    /** The model's name as given when loading. */
    public String name() {
        return name;
    }

    /**
     * Opens a runner for one call (or one stretch of a stream): native tensors for one window
     * and the recurrent state. Close it when done; confine it to one thread.
     */
    public WindowRunner runner() {
        try {
            return new WindowRunner(env, session);
        } catch (OrtException e) {
            throw new IllegalStateException("VAD model " + name + ": cannot allocate tensors: " + e.getMessage(), e);
        }
    }

    /** Closes the session and its options; runners must be closed first. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("VAD model " + name + ": closing the ONNX session failed", e);
        } finally {
            options.close();
        }
    }
}
