/**
 * Hybrid's WebAssembly engine on GraalWasm, through the GraalVM polyglot API.
 *
 * <p>{@link io.hybridwasm.runtime.graalwasm.GraalWasmRuntimeProvider} is discovered by
 * {@link io.hybridwasm.Hybrid#newRuntime()}; embedders and tests that need more control build a
 * {@link io.hybridwasm.runtime.graalwasm.GraalWasmRuntime} directly with
 * {@link io.hybridwasm.runtime.graalwasm.GraalWasmRuntime#builder()}.
 *
 * <p>Guest code is compiled by the Graal JIT only when the JVM is started with
 * {@code -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<jit jars>}
 * and the application on the class path; otherwise creating a runtime fails unless the
 * interpreter is explicitly allowed. Everything in {@code ...graalwasm.internal} may change
 * without notice.
 */
package io.hybridwasm.runtime.graalwasm;
