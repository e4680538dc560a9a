// WebRTC's VAD (libfvad, the WASM build published as @echogarden/fvad-wasm) scored on a
// labelled corpus the way `hybrid eval vad` scores its modes: the same chunks, the same truth
// (Truth.java), the same table (ScoreTable.java) and verdicts file (mode "webrtc"), so its F1
// stands beside the edge VAD's on the same clips. Usage: see USAGE below or docs/vad-eval.md.
import { writeFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import fvad from '@echogarden/fvad-wasm';
import { SAMPLE_RATE, UsageError, loadCorpus, truthOf } from './corpus.mjs';
import { printTable, verdictJson } from './scores.mjs';

const USAGE = `usage: webrtc-vad.sh CORPUS_DIR [--mode 0|1|2|3] [--chunk 500ms] [--frame 10|20|30] [--framing chunk|stream] [--verdicts FILE.jsonl]
  Scores WebRTC's VAD (libfvad) on every chunk of a labelled corpus (NAME.wav + NAME.txt), as hybrid eval vad does.
  --mode      libfvad aggressiveness, 0 (quality) to 3 (very aggressive); default 3
  --chunk     chunk length, 20ms to 10s; default 500ms
  --frame     libfvad frame length in ms; default 30
  --framing   chunk: each chunk cut into whole frames from its start, the rest of the chunk not fed to libfvad (default);
              stream: the file cut into frames from its start, every frame fed, a chunk counting the frames wholly inside it
  --verdicts  write one JSON line per chunk, mode "webrtc"
  A chunk is speech when at least half of its counted frames are voiced. One libfvad instance per file, its frames fed in order.`;

const options = (() => {
  try {
    return parse(process.argv.slice(2));
  } catch (e) {
    return fail(e);
  }
})();
const frameSamples = (options.frameMs * SAMPLE_RATE) / 1000;
const chunkSamples = Math.round(options.chunkSeconds * SAMPLE_RATE);
let vad;

try {
  await main();
} catch (e) {
  fail(e);
}

async function main() {
  const clips = loadCorpus(options.corpus);
  vad = await fvad();
  if (chunkSamples < frameSamples) {
    throw new UsageError(`--chunk ${chunkSamples / 16}ms: shorter than one ${options.frameMs} ms frame`);
  }
  if (options.framing === 'stream' && chunkSamples < 2 * frameSamples) {
    throw new UsageError(`--chunk ${chunkSamples / 16}ms: --framing stream needs a whole ${options.frameMs} ms frame inside every chunk `
      + `(chunks of at least ${2 * options.frameMs} ms)`);
  }
  const verdicts = clips.flatMap((clip) => judgeClip(clip));
  const wholeFrames = Math.floor(chunkSamples / frameSamples);
  const restMs = ((chunkSamples - wholeFrames * frameSamples) * 1000) / SAMPLE_RATE;
  printTable(console.log, {
    files: clips.map((c) => c.file),
    verdicts,
    chunkSeconds: chunkSamples / SAMPLE_RATE,
    label: 'webrtc',
    note: `WebRTC VAD (libfvad) mode ${options.mode}, ${options.frameMs} ms frames`,
  });
  console.log('');
  console.log(options.framing === 'chunk'
    ? `webrtc: each chunk is ${wholeFrames} frames of ${options.frameMs} ms from its start${restMs > 0 ? ` + ${restMs} ms not fed to libfvad` : ''}; `
      + `speech when >= ${Math.ceil(wholeFrames / 2)} of the ${wholeFrames} are voiced; one libfvad instance per file, state kept across its chunks`
    : `webrtc: each file is cut into ${options.frameMs} ms frames from its start, all fed to one libfvad instance in order; a chunk counts `
      + `the frames wholly inside it (frames across a chunk boundary are heard but not counted) and is speech when at least half are voiced`);
  if (options.verdicts) {
    writeFileSync(options.verdicts, verdicts.map((v) => verdictJson(v, 'webrtc') + '\n').join(''));
    console.log(`verdicts: ${options.verdicts}`);
  }
}

/** One line for the user's mistakes (exit 2); a stack trace for ours (exit 1). */
function fail(e) {
  if (e instanceof UsageError) {
    console.error(`webrtc-vad: ${e.message}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
}

/** Every whole chunk of one clip through one fresh libfvad instance, frames in time order. */
function judgeClip(clip) {
  const instance = vad._fvad_new();
  if (instance === 0) {
    throw new Error('libfvad: out of memory (fvad_new)');
  }
  const buffer = vad._malloc(frameSamples * 2);
  try {
    if (vad._fvad_set_mode(instance, options.mode) !== 0 || vad._fvad_set_sample_rate(instance, SAMPLE_RATE) !== 0) {
      throw new Error(`libfvad refused mode ${options.mode} at ${SAMPLE_RATE} Hz`);
    }
    const voiced = (at) => {
      vad.HEAP16.set(clip.samples.subarray(at, at + frameSamples), buffer >> 1);
      const result = vad._fvad_process(instance, buffer, frameSamples);
      if (result < 0) {
        throw new Error(`libfvad refused a frame of ${frameSamples} samples`);
      }
      return result === 1;
    };
    const out = [];
    let next = 0; // stream framing: the next frame's first sample
    for (let from = 0; from + chunkSamples <= clip.samples.length; from += chunkSamples) {
      const to = from + chunkSamples;
      const t0 = process.hrtime.bigint();
      let frames = 0;
      let speech = 0;
      if (options.framing === 'chunk') {
        for (let at = from; at + frameSamples <= to; at += frameSamples, frames++) {
          speech += voiced(at) ? 1 : 0;
        }
      } else {
        for (; next + frameSamples <= to; next += frameSamples) {
          const said = voiced(next);
          if (next >= from) {
            frames++;
            speech += said ? 1 : 0;
          }
        }
      }
      const micros = Number((process.hrtime.bigint() - t0) / 1000n);
      const startS = from / SAMPLE_RATE;
      const endS = to / SAMPLE_RATE;
      out.push({
        file: clip.file, startS, endS, truth: truthOf(clip.labels, startS, endS),
        isSpeech: 2 * speech >= frames, confidence: speech / frames, micros,
      });
    }
    return out;
  } finally {
    vad._free(buffer);
    vad._fvad_free(instance);
  }
}

function parse(args) {
  const o = { corpus: null, mode: 3, chunkSeconds: 0.5, frameMs: 30, framing: 'chunk', verdicts: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) {
      if (o.corpus !== null) {
        throw new UsageError(`${arg}: one corpus directory at a time (already ${o.corpus})`);
      }
      o.corpus = arg;
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? args[++i];
    if (value === undefined) {
      throw new UsageError(`${name}: needs a value`);
    }
    switch (name) {
      case '--corpus':
        o.corpus = value;
        break;
      case '--mode':
        if (!/^[0-3]$/.test(value)) throw new UsageError(`--mode ${value}: expected 0, 1, 2 or 3`);
        o.mode = Number(value);
        break;
      case '--chunk':
        o.chunkSeconds = seconds(value);
        break;
      case '--frame':
        if (!/^(10|20|30)(ms)?$/.test(value)) throw new UsageError(`--frame ${value}: expected 10, 20 or 30 (ms; libfvad's frame lengths)`);
        o.frameMs = parseInt(value, 10);
        break;
      case '--framing':
        if (value !== 'chunk' && value !== 'stream') throw new UsageError(`--framing ${value}: expected chunk or stream`);
        o.framing = value;
        break;
      case '--verdicts':
        o.verdicts = value;
        requireDirectory(value);
        break;
      default:
        throw new UsageError(`${name}: unknown option\n${USAGE}`);
    }
  }
  if (o.corpus === null) {
    throw new UsageError(`no corpus directory given\n${USAGE}`);
  }
  return o;
}

/** `500ms`, `0.5s`, `1s`: the eval's --chunk, between 20 ms and 10 s. */
function seconds(value) {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)$/.exec(value.trim().toLowerCase());
  const s = m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : NaN;
  if (!(s >= 0.02 && s <= 10)) {
    throw new UsageError(`--chunk ${value}: expected a duration between 20ms and 10s (e.g. 500ms, 0.5s)`);
  }
  return s;
}

function requireDirectory(file) {
  const dir = dirname(file);
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new UsageError(`--verdicts ${file}: no such directory ${dir}`);
  }
}
