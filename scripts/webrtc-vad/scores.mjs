// Scores and prints verdicts as `hybrid eval vad` does (hybrid-examples: Scores, ScoreTable,
// ChunkVerdict): confusion counts of the scored chunks, precision/recall/F1/accuracy, the
// summary table and the per-file F1/accuracy, and the verdicts file's JSON lines.

/** Scores.of over verdicts [{truth, isSpeech, micros}]. */
export function score(verdicts) {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const v of verdicts) {
    if (v.truth === 'excluded') {
      continue;
    }
    const truth = v.truth === 'speech';
    if (truth && v.isSpeech) tp++;
    else if (truth) fn++;
    else if (v.isSpeech) fp++;
    else tn++;
  }
  const micros = verdicts.map((v) => v.micros).sort((a, b) => a - b);
  return {
    chunks: verdicts.length, tp, fp, tn, fn,
    scored: tp + fp + tn + fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    accuracy: ratio(tp + tn, tp + fp + tn + fn),
    p50Millis: percentile(micros, 0.5),
    p99Millis: percentile(micros, 0.99),
  };
}

function ratio(a, b) {
  return b === 0 ? NaN : a / b;
}

function percentile(sorted, q) {
  if (sorted.length === 0) {
    return NaN;
  }
  const index = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000;
}

/** ScoreTable.print for one mode: the summary line, `note`, the mode's row, then F1/accuracy per file. */
export function printTable(out, { files, verdicts, chunkSeconds, label, note }) {
  const s = score(verdicts);
  out(`${files.length} files, ${s.chunks} chunks of ${chunkSeconds.toFixed(2)} s per mode, ${s.scored} scored `
    + `(${s.tp + s.fn} speech, ${s.tn + s.fp} non-speech), ${note}`);
  out(`${'mode'.padEnd(7)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)} ${'accuracy'.padStart(8)} `
    + `${'remote'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`);
  out(`${label.padEnd(7)} ${fixed(s.precision).padStart(9)} ${fixed(s.recall).padStart(7)} ${fixed(s.f1).padStart(6)} `
    + `${fixed(s.accuracy).padStart(8)} ${'0.0'.padStart(6)}% ${s.p50Millis.toFixed(2).padStart(7)} ${s.p99Millis.toFixed(2).padStart(7)}`);
  out('');
  out(`${'file'.padEnd(28)} ${`${label} F1/acc`.padStart(15)}`);
  for (const file of files) {
    const f = score(verdicts.filter((v) => v.file === file));
    out(`${file.padEnd(28)} ${`${fixed(f.f1)}/${fixed(f.accuracy)}`.padStart(15)}`);
  }
  return s;
}

/**
 * ScoreTable.fixed: Java's `%.3f`, which rounds the shortest decimal form of the double half up
 * (JavaScript's toFixed rounds the exact binary value, which differs on ties such as 0.1235).
 */
export function fixed(v) {
  if (Number.isNaN(v)) {
    return '-';
  }
  const text = String(v);
  if (/e/i.test(text) || v < 0) {
    return v.toFixed(3);
  }
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length <= 3) {
    return `${whole}.${fraction.padEnd(3, '0')}`;
  }
  const kept = BigInt(whole + fraction.slice(0, 3)) + (fraction.charCodeAt(3) >= 53 ? 1n : 0n);
  const digits = kept.toString().padStart(4, '0');
  return `${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

/** ChunkVerdict.toJson: one verdicts-file line, numbers as Java's Double.toString writes them. */
export function verdictJson(v, mode) {
  return `{"file":"${escape(v.file)}","start_s":${javaDouble(v.startS)},"end_s":${javaDouble(v.endS)},"mode":"${mode}",`
    + `"is_speech":${v.isSpeech},"confidence":${javaDouble(v.confidence)},"source":"local"}`;
}

function javaDouble(v) {
  if (!Number.isFinite(v)) {
    return 'null';
  }
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) {
    const [mantissa, exponent] = v.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
  }
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

function escape(s) {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    out += c === '"' || c === '\\' ? `\\${c}` : code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}
