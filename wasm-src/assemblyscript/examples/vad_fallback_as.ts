// vad_fallback_as: the fallback pattern in AssemblyScript. A cheap local verdict on 16 kHz mono
// f32 PCM; when it is unsure (confidence strictly between 0.3 and 0.7) it asks the remote
// VoiceActivityDetector, and keeps its own verdict, with the call's status, if that fails.
// Output as c/examples/vad_fallback_c.c (same local detector, same JSON).
import { Answer, Output, Status, callRemote, runEntry } from "../hybrid";

export { alloc, dealloc, hybrid_abi_version } from "../hybrid";

const FRAME: i32 = 320;

/** Mean over 20 ms frames of energy (dB mapped to 0..1) weighted by voicing (few zero crossings). */
function localConfidence(pcm: Float32Array): f64 {
  const n = pcm.length;
  let sum = 0.0;
  let frames = 0;
  for (let start = 0; start < n; start += FRAME) {
    const len = min<i32>(FRAME, n - start);
    if (len < FRAME / 2 && frames > 0) break;
    let energy = 0.0;
    let crossings = 0;
    for (let i = 0; i < len; i++) {
      const x = <f64>pcm[start + i];
      energy += x * x;
      if (i > 0 && (pcm[start + i] >= 0) != (pcm[start + i - 1] >= 0)) crossings++;
    }
    const db = 10 * Math.log10(energy / len + 1e-10);
    const e = Math.min(Math.max((db + 50) / 30, 0), 1);
    const zcr = len > 1 ? <f64>crossings / (len - 1) : 0.0;
    const z = Math.min(Math.max((0.5 - zcr) / 0.25, 0), 1);
    sum += e * (0.7 + 0.3 * z);
    frames++;
  }
  return frames > 0 ? sum / frames : 0;
}

/** `value` with three decimals (0 <= value <= 1). */
function fixed3(value: f64): string {
  const thousandths = <i64>Math.round(value * 1000);
  const frac = (thousandths % 1000).toString();
  return (thousandths / 1000).toString() + "." + "000".substring(frac.length) + frac;
}

function verdict(out: Output, isSpeech: bool, confidence: f64, source: string): Output {
  return out.text(isSpeech ? "{\"is_speech\":true,\"confidence\":" : "{\"is_speech\":false,\"confidence\":")
    .text(fixed3(confidence)).text(",\"source\":\"").text(source).text("\"");
}

function process_(input: Uint8Array): Answer {
  if (input.length % 4 != 0) return new Answer(Status.InvalidArgument);
  const confidence = localConfidence(Float32Array.wrap(input.buffer));
  const out = new Output();
  if (confidence <= 0.3 || confidence >= 0.7) {
    return new Answer(Status.Ok, verdict(out, confidence >= 0.5, confidence, "local").text("}").toBytes());
  }
  const answer = callRemote("VoiceActivityDetector", input);
  let status = answer.status;
  let remoteSpeech = false;
  let remoteConfidence = 0.0;
  if (answer.ok) {
    const json = String.UTF8.decode(answer.bytes.buffer);
    const speech = json.indexOf("\"is_speech\":");
    const conf = json.indexOf("\"confidence\":");
    if (speech < 0 || conf < 0) {
      status = Status.RemoteError;
    } else {
      remoteSpeech = json.substr(speech + 12, 4) == "true";
      remoteConfidence = parseFloat(json.substring(conf + 13));
    }
  }
  if (status != Status.Ok) {
    verdict(out, confidence >= 0.5, confidence, "local").text(",\"remote_status\":").int(status).text("}");
    return new Answer(Status.Ok, out.toBytes());
  }
  verdict(out, remoteSpeech, remoteConfidence, "remote").text(",\"local_confidence\":").text(fixed3(confidence)).text("}");
  return new Answer(Status.Ok, out.toBytes());
}

export function process(i: usize, n: usize, o: usize, l: usize): i32 {
  return runEntry(i, n, o, l, process_);
}
