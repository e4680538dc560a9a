// Times a Hybrid guest in Node's V8 the way the Hybrid host drives it (docs/abi.md): per call
// alloc(input) + copy in + alloc(4) + alloc(output capacity) + entry call + read the output
// + dealloc. Warms up until the median stops improving, then times `iterations` calls.
// usage: node guest-v8.mjs MODULE.wasm ENTRY INPUT_FILE MAX_WARMUP_MS ITERATIONS
// prints one JSON line: {"p50_us":..,"p99_us":..,"mean_us":..,"n":..,"warmup_ms":..,"output_hex":".."}
import { readFileSync } from 'node:fs';

const [modulePath, entryName, inputPath, maxWarmupArg, iterationsArg] = process.argv.slice(2);
const input = new Uint8Array(readFileSync(inputPath));
const module = new WebAssembly.Module(readFileSync(modulePath));
const imports = {};
for (const imp of WebAssembly.Module.imports(module)) {
  if (imp.kind !== 'function') throw new Error(`import ${imp.module}.${imp.name}: only function imports are stubbed`);
  (imports[imp.module] ??= {})[imp.name] = () => -6; // any host call answers "unavailable"
}
const exports = new WebAssembly.Instance(module, imports).exports;
const { alloc, dealloc, memory } = exports;
const entry = exports[entryName];
if (typeof entry !== 'function') throw new Error(`module exports no function '${entryName}'`);
const capacity = Math.max(64 << 10, input.length);

function call() {
  const inPtr = input.length > 0 ? alloc(input.length) : 0;
  if (input.length > 0) new Uint8Array(memory.buffer, inPtr, input.length).set(input);
  const lenPtr = alloc(4);
  const outPtr = alloc(capacity);
  new DataView(memory.buffer).setUint32(lenPtr, capacity, true);
  const status = entry(inPtr, input.length, outPtr, lenPtr);
  if (status !== 0) throw new Error(`${entryName} returned status ${status}`);
  const written = new DataView(memory.buffer).getUint32(lenPtr, true);
  const output = new Uint8Array(memory.buffer, outPtr, written).slice();
  if (dealloc) {
    dealloc(outPtr, capacity);
    dealloc(lenPtr, 4);
    if (input.length > 0) dealloc(inPtr, input.length);
  }
  return output;
}

function round(n) {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    call();
    t[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  return t.sort();
}
const pct = (sorted, p) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1))];

const output = Buffer.from(call()).toString('hex');
const maxWarmup = Number(maxWarmupArg);
const started = Date.now();
let best = Infinity, flat = 0;
while (Date.now() - started < maxWarmup) {
  const roundStart = Date.now();
  let n = 0;
  const sample = [];
  while (Date.now() - roundStart < 500) { sample.push(...round(50)); n += 50; }
  const p50 = pct(sample.sort((a, b) => a - b), 50);
  if (p50 < best * 0.97) { best = Math.min(best, p50); flat = 0; } else if (++flat >= 3) break;
}
const timed = round(Number(iterationsArg));
const mean = timed.reduce((a, b) => a + b, 0) / timed.length;
console.log(JSON.stringify({ p50_us: pct(timed, 50), p99_us: pct(timed, 99), mean_us: mean, n: timed.length,
  warmup_ms: Date.now() - started, output_hex: output }));
