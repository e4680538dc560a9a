// Reads a labelled corpus exactly as `hybrid eval vad` does (hybrid-examples: LabelledClip,
// WavFile, Label, Truth): every NAME.wav / NAME.f32 in name order with its NAME.txt, WAV files
// 16 kHz mono 16-bit PCM or 32-bit float, refused otherwise with one line naming the file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLE_RATE = 16000;
const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Streaming writers (espeak-ng --stdout among them) leave the sizes at 0 or near 2^31. */
const STREAMED_SIZE = 0x7fff0000;
/** Truth.java: labelled speech covering >= 50 % is speech, <= 10 % non-speech, in between unscored. */
const SPEECH_COVERAGE = 0.5;
const NON_SPEECH_COVERAGE = 0.1;
const TOLERANCE = 1e-9;

/** A user error: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** Every clip of `dir`: {file, samples: Int16Array, labels: [{start, end}]}, in name order. */
export function loadCorpus(dir) {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new UsageError(`--corpus ${dir}: no such directory`);
  }
  if (!stat.isDirectory()) {
    throw new UsageError(`--corpus ${dir}: not a directory`);
  }
  // Path.compareTo in the eval compares names as strings; for these names code-unit order is the same.
  const names = readdirSync(dir).filter((n) => /^.*\.(wav|f32)$/s.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new UsageError(`--corpus ${dir}: no .wav or .f32 files`);
  }
  return names.map((name) => {
    const path = join(dir, name);
    const labelFile = name.slice(0, -4) + '.txt';
    const labelPath = join(dir, labelFile);
    if (!isFile(labelPath)) {
      throw new UsageError(`${path}: no label track ${labelFile} (Audacity labels, start<TAB>end<TAB>label)`);
    }
    const samples = name.endsWith('.wav') ? readWav16kMono(path) : readFloat32(path);
    return { file: name, samples, labels: readLabels(labelPath) };
  });
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Label.read: blank lines and Audacity's `\` lines skipped; a malformed line refused by file and line. */
export function readLabels(path) {
  const lines = readFileSync(path, 'utf8').split(/\r?\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const labels = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('\\')) {
      return;
    }
    const fields = line.split('\t');
    const start = decimal(fields[0]);
    const end = fields.length > 1 ? decimal(fields[1]) : NaN;
    if (!(start >= 0 && end >= start)) {
      throw new UsageError(`${path}:${i + 1}: expected start<TAB>end<TAB>label in seconds, got '${line}'`);
    }
    labels.push({ start, end });
  });
  return labels;
}

function decimal(text) {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Truth.of: the chunk [from, to) seconds is 'speech', 'non-speech' or 'excluded'. */
export function truthOf(labels, from, to) {
  let covered = 0;
  for (const l of labels) {
    covered += Math.max(0, Math.min(l.end, to) - Math.max(l.start, from));
  }
  const share = covered / (to - from);
  return share >= SPEECH_COVERAGE - TOLERANCE ? 'speech' : share <= NON_SPEECH_COVERAGE + TOLERANCE ? 'non-speech' : 'excluded';
}

/** WavFile.read16kMono, keeping 16-bit samples as they are and rounding floats to 16 bits as WavFile.write16 does. */
export function readWav16kMono(path) {
  const bytes = readFileSync(path);
  const audio = decodeWav(bytes, path);
  if (audio.sampleRate !== SAMPLE_RATE) {
    throw new UsageError(`${path}: sample rate ${audio.sampleRate} Hz, expected ${SAMPLE_RATE}`);
  }
  if (audio.channels !== 1) {
    throw new UsageError(`${path}: ${audio.channels} channels, expected mono`);
  }
  return audio.samples;
}

function ascii(bytes, at) {
  return at + 4 > bytes.length ? '' : bytes.toString('latin1', at, at + 4);
}

function decodeWav(bytes, name) {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw new UsageError(`${name}: not a WAV file (no RIFF/WAVE header)`);
  }
  let format = -1;
  let channels = 0;
  let rate = 0;
  let bits = 0;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = ascii(bytes, pos);
    let size = bytes.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) {
        throw new UsageError(`${name}: truncated header (fmt chunk of ${size} bytes)`);
      }
      format = bytes.readUInt16LE(body);
      channels = bytes.readUInt16LE(body + 2);
      rate = bytes.readInt32LE(body + 4);
      bits = bytes.readUInt16LE(body + 14);
      if (format === FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= bytes.length) {
        format = bytes.readUInt16LE(body + 24);
      }
    } else if (id === 'data') {
      if (format < 0) {
        throw new UsageError(`${name}: truncated header (data before fmt chunk)`);
      }
      const available = bytes.length - body;
      if (size === 0 || size >= STREAMED_SIZE) {
        size = available;
      } else if (size > available) {
        throw new UsageError(`${name}: truncated: data chunk declares ${size} bytes, only ${available} present`);
      }
      return { sampleRate: rate, channels, samples: firstChannel(bytes, body, size, format, channels, bits, name) };
    }
    pos = Math.min(bytes.length, body + size + (size & 1));
  }
  throw new UsageError(`${name}${format < 0 ? ': truncated header (no fmt chunk)' : ': no data chunk'}`);
}

function firstChannel(bytes, offset, size, format, channels, bits, name) {
  if (channels < 1) {
    throw new UsageError(`${name}: 0 channels`);
  }
  const pcm16 = format === FORMAT_PCM && bits === 16;
  const float32 = format === FORMAT_FLOAT && bits === 32;
  if (!pcm16 && !float32) {
    const kind = format === FORMAT_PCM ? `${bits}-bit PCM` : format === FORMAT_FLOAT ? `${bits}-bit float`
      : `format code ${format} (${bits}-bit)`;
    throw new UsageError(`${name}: ${kind}, expected 16-bit PCM or 32-bit float`);
  }
  const frameBytes = (channels * bits) / 8;
  const out = new Int16Array(Math.floor(size / frameBytes));
  for (let i = 0; i < out.length; i++) {
    const at = offset + i * frameBytes;
    out[i] = pcm16 ? bytes.readInt16LE(at) : toInt16(bytes.readFloatLE(at));
  }
  return out;
}

/** Raw little-endian float32 mono 16 kHz (the eval's NAME.f32). */
function readFloat32(path) {
  const bytes = readFileSync(path);
  if (bytes.length % 4 !== 0) {
    throw new UsageError(`${path}: ${bytes.length} bytes is not a whole number of float32 samples`);
  }
  const out = new Int16Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = toInt16(bytes.readFloatLE(i * 4));
  }
  return out;
}

/** libfvad takes 16-bit samples: a float in [-1, 1] rounded and clipped as WavFile.write16 does. */
function toInt16(f) {
  return Math.max(-32768, Math.min(32767, Math.round(f * 32768)));
}
