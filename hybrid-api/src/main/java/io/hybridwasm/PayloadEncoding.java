package io.hybridwasm;

/**
 * How the bytes of a payload are to be read, so that neither side of a remote call guesses.
 *
 * <p>Mirrors the {@code hybrid.v1.Encoding} enum of the wire protocol; adapters translate
 * by name.
 */
public enum PayloadEncoding {
    /** Opaque bytes. */
    RAW,
    /** UTF-8 encoded JSON text. */
    JSON_UTF8,
    /** Little-endian IEEE-754 float32 PCM samples. */
    PCM_F32LE,
    /** Little-endian signed 16-bit PCM samples. */
    PCM_S16LE,
    /** A serialized protobuf message. */
    PROTOBUF
}
