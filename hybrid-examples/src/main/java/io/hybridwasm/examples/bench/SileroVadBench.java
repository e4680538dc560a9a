package io.hybridwasm.examples.bench;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.examples.audio.TestSignal;
import io.hybridwasm.services.builtin.DspVoiceActivityDetector;
import io.hybridwasm.services.builtin.VoiceActivityDetector;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.ServiceSession;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How many times faster than real time the remote {@code VoiceActivityDetector} (Silero VAD v4
 * on ONNX Runtime) judges audio on one thread, through the service's own code path (decode,
 * windows, model, JSON) without the network, next to the {@code DspVoiceActivityDetector} on the
 * same chunks in the same run. Stateless calls run each chunk twice (a warm-up pass, then the
 * scored one), so they cost twice the windows a session does.
 *
 * <p>"One core" is the bench thread's CPU time (ONNX Runtime runs on the calling thread with
 * one intra-op thread; the process's CPU time is printed beside it to show nothing ran
 * elsewhere). Wall time is printed too: on a busy machine it also counts waiting for a core.
 */
public final class SileroVadBench {
    private final double seconds;
    private final double chunkSeconds;
    private final int rounds;
    private final PrintStream out;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public SileroVadBench(double seconds, double chunkSeconds, int rounds, PrintStream out) {
        if (seconds <= 0 || chunkSeconds <= 0 || rounds < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--seconds, --chunk and --rounds must be positive, were %s s, %s s and %d", seconds, chunkSeconds, rounds));
        }
        if (chunkSeconds < 0.02 || chunkSeconds > seconds) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--chunk %.3f ms: expected at least 20 ms (a sixth of a model window) and at most --seconds (%s s)",
                    chunkSeconds * 1000, seconds));
        }
        this.seconds = seconds;
        this.chunkSeconds = chunkSeconds;
        this.rounds = rounds;
        this.out = out;
    }

    /** One path's median round: wall, thread-CPU and process-CPU nanoseconds, and windows the model scored. */
    private record Round(long wallNanos, long cpuNanos, long processCpuNanos, long windows) {
    }

    /** Returns the Silero stateless path's real-time factor on one core (audio time / thread CPU time). */
    public double run() {
        List<ServiceCall> chunks = chunks();
        VoiceActivityDetector silero = new VoiceActivityDetector();
        silero.start();
        try {
            DspVoiceActivityDetector dsp = new DspVoiceActivityDetector();
            out.printf(Locale.ROOT, "%.0f s of 16 kHz audio (speech-like, noise, silence) in %d chunks of %.2f s; "
                    + "one thread, median of %d rounds after one warm-up round%n", seconds, chunks.size(), chunkSeconds, rounds);
            Round stateless = measure(silero, chunks, UnaryOperator.identity());
            Round session = measure(silero, chunks, null);
            Round dspRound = measure(dsp, chunks, UnaryOperator.identity());
            report("VoiceActivityDetector (Silero), stateless calls", stateless, 2);
            report("VoiceActivityDetector (Silero), one session", session, 1);
            report("DspVoiceActivityDetector, stateless calls", dspRound, 0);
            double factor = seconds / (stateless.cpuNanos() / 1e9);
            out.printf(Locale.ROOT, "  Silero on one core: stateless %.0fx real time, session %.0fx (target >= 100x); "
                    + "the DSP detector costs %.1fx less CPU than stateless Silero%n", factor,
                    seconds / (session.cpuNanos() / 1e9), (double) stateless.cpuNanos() / dspRound.cpuNanos());
            return factor;
        } finally {
            silero.stop();
        }
    }

    private List<ServiceCall> chunks() {
        int perChunk = (int) Math.round(chunkSeconds * TestSignal.SAMPLE_RATE);
        float[] audio = new float[(int) Math.round(seconds * TestSignal.SAMPLE_RATE)];
        TestSignal[] kinds = TestSignal.values();
        for (int second = 0; second * TestSignal.SAMPLE_RATE < audio.length; second++) {
            float[] part = kinds[second % kinds.length].samples(1.0, second);
            int at = second * TestSignal.SAMPLE_RATE;
            System.arraycopy(part, 0, audio, at, Math.min(part.length, audio.length - at));
        }
        List<ServiceCall> calls = new ArrayList<>();
        for (int at = 0; at < audio.length; at += perChunk) {
            float[] chunk = Arrays.copyOfRange(audio, at, Math.min(audio.length, at + perChunk));
            calls.add(ServiceCall.of(PayloadEncoding.PCM_F32LE, TestSignal.toPcm(chunk)));
        }
        return calls;
    }

    /** {@code bind} null means: all chunks in one fresh session per round. */
    private Round measure(HostedService service, List<ServiceCall> chunks, UnaryOperator<ServiceCall> bind) {
        once(service, chunks, bind);
        List<Round> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            results.add(once(service, chunks, bind));
        }
        results.sort((a, b) -> Long.compare(a.wallNanos(), b.wallNanos()));
        return results.get(results.size() / 2);
    }

    private Round once(HostedService service, List<ServiceCall> chunks, UnaryOperator<ServiceCall> bind) {
        ServiceSession session = new ServiceSession("bench");
        UnaryOperator<ServiceCall> binding = bind != null ? bind : c -> c.withSession(session);
        long windows = 0;
        long process = processCpuNanos();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (ServiceCall chunk : chunks) {
            ServiceResult result = service.execute(binding.apply(chunk));
            windows += Long.parseLong(result.metadata().getOrDefault("windows", "0"));
        }
        return new Round(System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu,
                processCpuNanos() - process, windows);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private void report(String path, Round round, int runsPerWindow) {
        String windows = runsPerWindow == 0 ? "" : String.format(Locale.ROOT, "   %,.0f model windows/s (%d runs per scored window)",
                round.windows() * runsPerWindow / (round.cpuNanos() / 1e9), runsPerWindow);
        out.printf(Locale.ROOT, "  %-48s thread CPU %7.1f ms = %5.0fx real time   (process CPU %7.1f ms, wall %7.1f ms)%s%n",
                path, round.cpuNanos() / 1e6, seconds / (round.cpuNanos() / 1e9), round.processCpuNanos() / 1e6,
                round.wallNanos() / 1e6, windows);
    }
}
