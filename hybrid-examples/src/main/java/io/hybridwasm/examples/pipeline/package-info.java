/**
 * A minimal processing pipeline, the Java form of the seed's {@code Pipeline}: chunks with
 * metadata flow through stages, one of which can be a {@link io.hybridwasm.WasmNode}.
 */
package io.hybridwasm.examples.pipeline;
