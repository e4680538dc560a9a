/**
 * Hybrid's public API: {@link io.hybridwasm.Hybrid} creates a {@link io.hybridwasm.WasmRuntime},
 * which loads modules described by {@link io.hybridwasm.WasmConfig} into
 * {@link io.hybridwasm.WasmNode}s. Failures are {@link io.hybridwasm.HybridException}s carrying
 * an ABI {@link io.hybridwasm.HostStatus}.
 */
package io.hybridwasm;
