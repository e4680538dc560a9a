package io.hybridwasm.services.internal.dsp;

/**
 * What the detector measures in one frame.
 *
 * @param energyDb mean power in dB relative to full scale (a full-scale square wave is 0 dB)
 * @param zeroCrossingRate fraction of adjacent sample pairs that change sign, 0..1 (white
 *     noise is near 0.5, voiced speech well below 0.2)
 * @param spectralFlatness geometric over arithmetic mean of the power spectrum, 0..1 (white
 *     noise is near 0.5, harmonic sounds near 0)
 * @param peakConcentration fraction of the spectral power within a few bins of the strongest
 *     bin, 0..1 (a pure tone is near 1, speech spreads over several harmonics)
 */
public record FrameFeatures(double energyDb, double zeroCrossingRate, double spectralFlatness,
        double peakConcentration) {
}
