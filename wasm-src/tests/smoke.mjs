// Smoke test of the built guests in node's WebAssembly engine, with a minimal host that
// follows abi.md. The JVM host's integration tests are the real tests; this one checks the
// artifacts themselves: exports, import signatures, buffer handling and the VAD outputs.
// Usage: node tests/smoke.mjs <modules dir>
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'modules';
const OK = 0, UNAVAILABLE = -2, TOO_SMALL = -3, INVALID = -8, REMOTE_ERROR = -9;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const text = (s) => new TextEncoder().encode(s);
const concat = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? text(p) : p)));

// A host in the image of abi.md: bounds and UTF-8 checks, length slots, and results kept
// after BUFFER_TOO_SMALL until the guest asks again.
function makeHost(services, sessions = (id) => `remote-${id}`) {
  const state = { memory: null, calls: [], streamed: [], kept: null };
  const bytes = (ptr, len) => {
    ptr >>>= 0; len >>>= 0;
    if (ptr + len > state.memory.buffer.byteLength) return null;
    return new Uint8Array(state.memory.buffer, ptr, len);
  };
  const name = (ptr, len) => {
    const b = bytes(ptr, len);
    if (b === null) return null;
    try { return utf8.decode(b); } catch { return null; }
  };
  const deliver = (key, produce, outPtr, lenPtr) => {
    const slot = bytes(lenPtr, 4);
    if (slot === null) return INVALID;
    const view = new DataView(state.memory.buffer);
    const capacity = view.getUint32(lenPtr >>> 0, true);
    if (bytes(outPtr, capacity) === null) return INVALID;
    let result;
    if (state.kept && state.kept.key === key) {
      result = state.kept.result;
      state.kept = null;
    } else {
      state.kept = null;
      result = produce();
      if (typeof result === 'number') return result;
    }
    if (result.length > capacity) {
      view.setUint32(lenPtr >>> 0, result.length, true);
      state.kept = { key, result };
      return TOO_SMALL;
    }
    bytes(outPtr, result.length).set(result);
    view.setUint32(lenPtr >>> 0, result.length, true);
    return OK;
  };
  const env = {
    call_remote_service(sp, sl, dp, dl, rp, rlp) {
      const service = name(sp, sl);
      const data = bytes(dp, dl);
      if (service === null || data === null) return INVALID;
      const key = `call:${service}:${Buffer.from(data).toString('hex')}`;
      const status = deliver(key, () => {
        state.calls.push(service);
        const handler = services[service];
        return handler ? handler(Uint8Array.from(data)) : -5;
      }, rp, rlp);
      if (status !== OK && status !== TOO_SMALL) state.lastError = `{"status":${status},"message":"call to ${service} failed"}`;
      return status;
    },
    stream_to_remote(sp, sl, dp, dl) {
      const service = name(sp, sl);
      const data = bytes(dp, dl);
      if (service === null || data === null) return INVALID;
      state.kept = null;
      state.streamed.push(`${service}:${Buffer.from(data).toString()}`);
      return OK;
    },
    last_error(bp, blp) {
      return deliver('last_error', () => text(state.lastError ?? ''), bp, blp);
    },
    call_remote_in_session(ip, il, sp, sl, dp, dl, rp, rlp) {
      const id = name(ip, il);
      if (id === null) return INVALID;
      state.calls.push(`session:${id}`);
      return env.call_remote_service(sp, sl, dp, dl, rp, rlp);
    },
    get_remote_session(ip, il, sp, slp) {
      const id = name(ip, il);
      if (id === null) return INVALID;
      return deliver(`session:${id}`, () => text(sessions(id)), sp, slp);
    },
  };
  return { state, imports: { env } };
}

async function load(file, host) {
  const module = await WebAssembly.compile(readFileSync(join(dir, file)));
  const instance = await WebAssembly.instantiate(module, host.imports);
  host.state.memory = instance.exports.memory;
  return { module, exports: instance.exports };
}

function call(exports, entry, input, capacity = 1 << 16) {
  const { alloc, dealloc, memory } = exports;
  const inPtr = alloc(input.length) >>> 0;
  const outPtr = alloc(capacity) >>> 0;
  const lenPtr = alloc(4) >>> 0;
  assert.ok(inPtr && outPtr && lenPtr);
  new Uint8Array(memory.buffer, inPtr, input.length).set(input);
  new DataView(memory.buffer).setUint32(lenPtr, capacity, true);
  const status = exports[entry](inPtr, input.length, outPtr, lenPtr);
  const len = new DataView(memory.buffer).getUint32(lenPtr, true);
  const output = status === 0 ? Buffer.from(new Uint8Array(memory.buffer, outPtr, len)).toString('latin1') : null;
  dealloc(inPtr, input.length);
  dealloc(outPtr, capacity);
  dealloc(lenPtr, 4);
  return { status, len, output };
}

function checkAbi({ module, exports }, entries, imports) {
  const exported = WebAssembly.Module.exports(module).map((e) => `${e.kind}:${e.name}`);
  for (const e of ['memory:memory', 'function:alloc', 'function:dealloc', 'function:hybrid_abi_version',
    ...entries.map((n) => `function:${n}`)]) {
    assert.ok(exported.includes(e), `missing export ${e}`);
  }
  assert.deepEqual(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort(), imports.sort());
  assert.equal(exports.hybrid_abi_version(), 1);
  for (const size of [0xFFFFFFFF, 0xFFFFFFF0, 0xC0000000, 0x80000000]) {
    assert.equal(exports.alloc(size), 0, `alloc(${size}) must report out of memory`);
  }
  const empty = exports.alloc(0);
  assert.notEqual(empty, 0);
  exports.dealloc(empty, 0);
}

// The calibration signals, exactly as intelligent_vad/src/signals.rs generates them.
class Rng {
  constructor(seed) { this.x = BigInt(seed); }
  nextU64() {
    const M = (1n << 64n) - 1n;
    this.x ^= this.x >> 12n;
    this.x ^= (this.x << 25n) & M;
    this.x ^= this.x >> 27n;
    return (this.x * 0x2545F4914F6CDD1Dn) & M;
  }
  uniform() { return Number((this.nextU64() >> 11n) + 1n) / 2 ** 53; }
  gaussian() {
    const u1 = this.uniform(), u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
const SR = 16000;
function noise(std) {
  const rng = new Rng(42);
  return Float32Array.from({ length: SR }, () => std * rng.gaussian());
}
/** 1 s of espeak-ng speech, the fixture of the Rust tests (intelligent_vad/tests-data/README.md). */
function espeak() {
  const bytes = readFileSync(new URL('../intelligent_vad/tests-data/espeak-seven-hundred.s16', import.meta.url));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.length / 2 }, (_, i) => view.getInt16(2 * i, true) / 32768);
}
const pcm = (samples) => new Uint8Array(samples.buffer);

const band = (lo, hi, pcmBytes) => {
  const header = new Uint8Array(12);
  header.set([0x48, 0x42, 0xC1, 0x7F]);
  new DataView(header.buffer).setFloat32(4, lo, true);
  new DataView(header.buffer).setFloat32(8, hi, true);
  return concat(header, pcmBytes);
};

async function intelligentVad() {
  const refuse = () => { throw new Error('process must not call the host'); };
  const untouchable = { imports: { env: { call_remote_service: refuse, get_remote_session: refuse, call_remote_in_session: refuse } }, state: {} };
  const local = await load('intelligent_vad.wasm', untouchable);
  untouchable.state.memory = local.exports.memory;
  checkAbi(local, ['process', 'process_with_remote'],
    ['env.call_remote_service', 'env.get_remote_session', 'env.call_remote_in_session']);
  const speech = pcm(espeak()), silence = pcm(noise(0.0001)), whiteNoise = pcm(noise(0.03));
  const { exports } = local;
  const verdict = (entry, input) => {
    const { status, output } = call(exports, entry, input);
    assert.equal(status, OK, `${entry}: status ${status}`);
    assert.match(output, /^\{"is_speech":(true|false),"confidence":[01]\.\d{3},"source":"local"\}$/);
    return JSON.parse(output);
  };
  const yes = verdict('process', speech);
  assert.ok(yes.is_speech && yes.confidence >= 0.7, JSON.stringify(yes));
  for (const input of [silence, whiteNoise]) {
    const no = verdict('process', input);
    assert.ok(!no.is_speech && no.confidence <= 0.3, JSON.stringify(no));
  }
  assert.equal(call(exports, 'process', new Uint8Array()).output, '{"is_speech":false,"confidence":0.000,"source":"local"}');
  assert.equal(call(exports, 'process', new Uint8Array(7)).status, INVALID);
  assert.equal(call(exports, 'process', band(0.8, 0.2, speech)).status, INVALID);
  assert.equal(call(exports, 'process', band(NaN, 0.7, speech)).status, INVALID);
  assert.equal(call(exports, 'process', band(0.3, 0.7, speech).subarray(0, 10)).status, INVALID);
  const json = call(exports, 'process', speech).output;
  assert.deepEqual(call(exports, 'process', speech, 10), { status: TOO_SMALL, len: json.length, output: null });
  assert.equal(call(exports, 'process', band(-1, 2, speech)).output, json, 'process ignores the band');
  assert.equal(call(exports, 'process_with_remote', speech).output, json, 'a confident verdict stays local');

  const frames = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ is_speech: i % 2 === 0, confidence: 0.99 })));
  const remote = makeHost({
    VoiceActivityDetector: (data) => {
      assert.equal(data.length, 64000, 'the remote gets the PCM without the header');
      return text(`{"frames":${frames},"is_speech":false,"confidence":0.1026,"model":"remote"}`);
    },
  });
  const withRemote = await load('intelligent_vad.wasm', remote);
  const conf = yes.confidence.toFixed(3);
  assert.equal(call(withRemote.exports, 'process_with_remote', band(-1, 2, speech)).output,
    `{"is_speech":false,"confidence":0.103,"source":"remote","local_confidence":${conf}}`);
  assert.deepEqual(remote.state.calls, ['VoiceActivityDetector']);
  assert.equal(call(withRemote.exports, 'process_with_remote', band(0.5, 0.5, speech)).output, json);
  assert.deepEqual(remote.state.calls, ['VoiceActivityDetector'], 'an empty band never asks');

  for (const [answer, status] of [[UNAVAILABLE, -2], [() => text('<html>'), REMOTE_ERROR]]) {
    const host = makeHost({ VoiceActivityDetector: typeof answer === 'number' ? () => answer : answer });
    const guest = await load('intelligent_vad.wasm', host);
    assert.equal(call(guest.exports, 'process_with_remote', band(-1, 2, speech)).output,
      `{"is_speech":true,"confidence":${conf},"source":"local","remote_status":${status}}`);
  }
  console.log('intelligent_vad.wasm: ok');
}

async function remotePatterns() {
  const big = text('x'.repeat(5000));
  const host = makeHost({
    Echo: (data) => data,
    Big: () => big,
    Fail: () => REMOTE_ERROR,
  });
  const guest = await load('remote_patterns.wasm', host);
  checkAbi(guest, ['call_service', 'call_service_raw', 'stream', 'session_call', 'bad_pointer', 'bad_utf8'],
    ['env.call_remote_service', 'env.stream_to_remote', 'env.get_remote_session']);
  for (const i of WebAssembly.Module.imports(guest.module)) assert.equal(i.kind, 'function');
  const run = (entry, input) => call(guest.exports, entry, typeof input === 'string' ? text(input) : input);

  assert.equal(run('call_service', 'Echo\nhello\nworld').output, 'hello\nworld');
  host.state.calls.length = 0;
  assert.equal(run('call_service', 'Big\n').output, 'x'.repeat(5000));
  assert.deepEqual(host.state.calls, ['Big'], 'the retry must reuse the kept result');
  assert.equal(run('call_service', 'Fail\n').status, REMOTE_ERROR);
  assert.equal(run('call_service', 'Nope\n').status, -5);
  assert.equal(run('call_service', 'no newline').status, INVALID);

  assert.equal(run('call_service_raw', 'Echo\n10\n12345').output, '12345');
  assert.equal(run('call_service_raw', 'Echo\n4\n12345').output, 'needed=5;12345');
  assert.equal(run('call_service_raw', 'Big\n1024\n').output, `needed=5000;${'x'.repeat(5000)}`);
  assert.equal(run('call_service_raw', 'Fail\n8\n').status, REMOTE_ERROR);

  assert.equal(run('stream', 'Sink\n3\nabcdefgh').output, '3');
  assert.deepEqual(host.state.streamed, ['Sink:abc', 'Sink:def', 'Sink:gh']);
  assert.equal(run('stream', 'Sink\n0\nabc').status, INVALID);

  assert.equal(run('session_call', concat('local-7\nEcho\n', 'payload')).output, 'remote-local-7\npayload');
  const longSession = makeHost({ Echo: (d) => d }, (id) => `${id}-${'s'.repeat(3000)}`);
  const guest2 = await load('remote_patterns.wasm', longSession);
  assert.equal(call(guest2.exports, 'session_call', text('a\nEcho\nz')).output, `a-${'s'.repeat(3000)}\nz`);

  assert.deepEqual(run('bad_pointer', ''), { status: 0, len: 2, output: '-8' });
  assert.deepEqual(run('bad_utf8', ''), { status: 0, len: 2, output: '-8' });
  console.log('remote_patterns.wasm: ok');
}

async function methodClient() {
  const host = makeHost({
    'inventory.v1.Stock/Reserve': (data) => {
      assert.equal(utf8.decode(data), '{"sku":"A-1","quantity":2}');
      return text('{"reservationId":"r-1","remaining":8}');
    },
    'grpc.health.v1.Health/Check': (data) => (utf8.decode(data) === '{}' ? text('{"status":"SERVING"}') : INVALID),
    'inventory.v1.Stock/Fail': () => REMOTE_ERROR,
    'inventory.v1.Stock/Restock': (data) => text(`{"finish":"${utf8.decode(data)}","streamed":${host.state.streamed.length}}`),
  });
  const guest = await load('method_client.wasm', host);
  checkAbi(guest, ['process', 'process_reporting_errors'],
    ['env.call_remote_service', 'env.stream_to_remote', 'env.last_error']);
  const run = (entry, input) => call(guest.exports, entry, text(input));
  assert.equal(run('process', '{"method":"inventory.v1.Stock/Reserve","request":{"sku":"A-1","quantity":2}}').output,
    '{"reservationId":"r-1","remaining":8}');
  assert.equal(run('process', '{"method":"grpc.health.v1.Health/Check"}').output, '{"status":"SERVING"}');
  assert.equal(run('process', '{"method":"inventory.v1.Stock/Fail"}').status, REMOTE_ERROR);
  assert.equal(run('process', '{"method":"Echo"}').status, INVALID);
  assert.equal(run('process', '{"request":{}}').status, INVALID);
  assert.deepEqual(host.state.calls, ['inventory.v1.Stock/Reserve', 'grpc.health.v1.Health/Check', 'inventory.v1.Stock/Fail']);
  assert.equal(run('process_reporting_errors', '{"method":"inventory.v1.Stock/Fail"}').output,
    '{"error":{"status":-9,"message":"call to inventory.v1.Stock/Fail failed"}}');
  assert.equal(run('process_reporting_errors', '{"method":7}').output, '{"error":{"status":-8}}');
  const reserve = text('{"method":"inventory.v1.Stock/Reserve","request":{"sku":"A-1","quantity":2}}');
  const calls = host.state.calls.length;
  assert.deepEqual(call(guest.exports, 'process', reserve, 10), { status: TOO_SMALL, len: 37, output: null });
  assert.equal(call(guest.exports, 'process', reserve, 37).output, '{"reservationId":"r-1","remaining":8}');
  assert.equal(host.state.calls.length, calls + 1, 'the retry after -3 gets the kept answer, no second call');
  assert.equal(run('process', '{"method":"inventory.v1.Stock/Restock","requests":[{"sku":"A-1"},{"sku":"B-2"}]}').output,
    '{"finish":"","streamed":2}');
  assert.deepEqual(host.state.streamed, ['inventory.v1.Stock/Restock:{"sku":"A-1"}', 'inventory.v1.Stock/Restock:{"sku":"B-2"}']);
  console.log('method_client.wasm: ok');
}

await intelligentVad();
await remotePatterns();
await methodClient();
