/**
 * How the GraalWasm runtime works inside: the wasm binary reader and memory cap, linking host
 * functions, instances and their pool, the guest ABI exchange, the watchdog and bulk memory
 * copies. Not API.
 */
package io.hybridwasm.runtime.graalwasm.internal;
