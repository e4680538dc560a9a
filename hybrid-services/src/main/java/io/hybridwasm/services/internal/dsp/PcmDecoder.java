package io.hybridwasm.services.internal.dsp;

import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.services.spi.ServiceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns PCM payload bytes into mono float samples at full scale ±1.
 *
 * <p>Reads little-endian float32 ({@code PCM_F32LE}, and {@code RAW}, which guests use for
 * float audio they send without saying so) and little-endian signed 16-bit
 * ({@code PCM_S16LE}, divided by 32768). Interleaved multi-channel audio is averaged to mono.
 * Anything unreadable is an INVALID_ARGUMENT {@link ServiceException} whose message says
 * what is wrong. Stateless.
 */
public final class PcmDecoder {

    private PcmDecoder() {
    }

    /**
     * Decodes {@code data} (not consumed: a view is read).
     *
     * @param channels the channel count, 0 meaning 1
     */
    public static float[] decode(PayloadEncoding encoding, ByteBuffer data, int channels) {
        int ch = Math.max(1, channels);
        int bytesPerSample = switch (encoding) {
            case PCM_F32LE, RAW -> 4;
            case PCM_S16LE -> 2;
            default -> throw ServiceException.invalidArgument(
                    "expected PCM audio (PCM_F32LE, PCM_S16LE or RAW float32), got " + encoding);
        };
        ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int length = in.remaining();
        if (length % (bytesPerSample * ch) != 0) {
            throw ServiceException.invalidArgument(encoding + " payload of " + length
                    + " bytes is not a whole number of " + bytesPerSample * ch + "-byte sample frames"
                    + (ch > 1 ? " (" + ch + " channels)" : ""));
        }
        float[] out = new float[length / (bytesPerSample * ch)];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int c = 0; c < ch; c++) {
                sum += bytesPerSample == 4 ? in.getFloat() : in.getShort() / 32768.0;
            }
            double sample = sum / ch;
            if (!Double.isFinite(sample)) {
                throw ServiceException.invalidArgument(
                        "sample " + i + " is not a finite number (" + sample + ")");
            }
            out[i] = (float) sample;
        }
        return out;
    }
}
