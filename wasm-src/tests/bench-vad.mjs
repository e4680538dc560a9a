// Speed of the intelligent_vad guest's local detector (`process`) in node's WebAssembly
// engine: 0.5 s chunks of espeak-ng speech (the unit tests' fixture), after a warm-up.
// Prints time per chunk and the real-time factor. Usage: node tests/bench-vad.mjs [modules dir]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'modules';
const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'intelligent_vad.wasm')),
  { env: { call_remote_service() { throw new Error('process must not call the host'); } } });
const e = instance.exports;
const s16 = readFileSync(new URL('../intelligent_vad/tests-data/espeak-seven-hundred.s16', import.meta.url));
const samples = Float32Array.from({ length: 8000 }, (_, i) => s16.readInt16LE(2 * i) / 32768);
const bytes = new Uint8Array(samples.buffer);
const inPtr = e.alloc(bytes.length) >>> 0, outPtr = e.alloc(256) >>> 0, lenPtr = e.alloc(4) >>> 0;
new Uint8Array(e.memory.buffer, inPtr, bytes.length).set(bytes);
const run = () => {
  new DataView(e.memory.buffer).setUint32(lenPtr, 256, true);
  if (e.process(inPtr, bytes.length, outPtr, lenPtr) !== 0) throw new Error('process failed');
};
for (let i = 0; i < 1000; i++) run();
const calls = 5000, wall0 = process.hrtime.bigint(), cpu0 = process.cpuUsage();
for (let i = 0; i < calls; i++) run();
const wallUs = Number(process.hrtime.bigint() - wall0) / 1000 / calls;
const cpuUs = process.cpuUsage(cpu0).user / calls;
console.log(`intelligent_vad process, 0.5 s chunk: ${wallUs.toFixed(1)} µs wall, ${cpuUs.toFixed(1)} µs CPU per chunk`
  + ` (${Math.round(500000 / wallUs)}x real time)`);
