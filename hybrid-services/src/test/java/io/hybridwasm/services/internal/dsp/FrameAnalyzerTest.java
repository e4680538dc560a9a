package io.hybridwasm.services.internal.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridwasm.services.testing.TestSignals;
import org.junit.jupiter.api.Test;

class FrameAnalyzerTest {

    private final FrameAnalyzer analyzer = new FrameAnalyzer(320);

    @Test
    void usesA512PointFftFor20MsAt16kHz() {
        assertEquals(512, analyzer.fftSize());
    }

    @Test
    void whiteNoiseIsSpectrallyFlatAndCrossesZeroHalfTheTime() {
        FrameFeatures noise = analyzer.analyze(TestSignals.whiteNoise(), 3200, 320);
        assertTrue(noise.spectralFlatness() > 0.4, "flatness " + noise.spectralFlatness());
        assertEquals(0.5, noise.zeroCrossingRate(), 0.08);
        assertTrue(noise.peakConcentration() < 0.2, "peak " + noise.peakConcentration());
    }

    @Test
    void aToneIsNotFlatAndHasAllItsPowerInOnePeak() {
        FrameFeatures tone = analyzer.analyze(TestSignals.tone(1000, 0.3), 3200, 320);
        assertTrue(tone.spectralFlatness() < 0.01, "flatness " + tone.spectralFlatness());
        assertTrue(tone.peakConcentration() > 0.95, "peak " + tone.peakConcentration());
        assertEquals(2.0 * 1000 / TestSignals.SAMPLE_RATE, tone.zeroCrossingRate(), 0.01);
    }

    @Test
    void energyIsMeanPowerInDbFullScale() {
        // A sine of amplitude 0.5 has mean power 0.125: -9.03 dB.
        FrameFeatures tone = analyzer.analyze(TestSignals.tone(500, 0.5), 0, 320);
        assertEquals(10 * Math.log10(0.125), tone.energyDb(), 0.05);
    }

    @Test
    void harmonicSpeechSitsBetweenToneAndNoise() {
        FrameFeatures speech = analyzer.analyze(TestSignals.speechLike(), 6 * 320, 320);
        assertTrue(speech.spectralFlatness() < 0.1, "flatness " + speech.spectralFlatness());
        assertTrue(speech.zeroCrossingRate() < 0.15, "zcr " + speech.zeroCrossingRate());
        assertTrue(speech.peakConcentration() < 0.7, "peak " + speech.peakConcentration());
    }

    @Test
    void analysesAShortTailFrameWithItsOwnWindow() {
        FrameFeatures tail = analyzer.analyze(TestSignals.whiteNoise(), 0, 200);
        assertTrue(tail.spectralFlatness() > 0.3, "flatness " + tail.spectralFlatness());
    }
}
