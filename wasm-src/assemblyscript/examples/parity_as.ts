// parity_as: the parity scenario (wasm-src/README.md, "Parity guests") in AssemblyScript.
import {
  Answer, BatchCall, Output, Status, callRemoteBatch, callRemoteInSession, getRemoteSession,
  raw_call_remote_service, raw_stream_to_remote, runEntry, utf8,
} from "../hybrid";

export { alloc, dealloc, hybrid_abi_version } from "../hybrid";

/** The input split at its first `count` '\n's: the headers as strings, then the rest as bytes. */
class Parsed {
  constructor(public headers: string[], public rest: Uint8Array) {}
}

function headers(input: Uint8Array, count: i32): Parsed | null {
  const out = new Array<string>(0);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const nl = input.indexOf(10, at);
    if (nl < 0) return null;
    out.push(String.UTF8.decodeUnsafe(input.dataStart + <usize>at, <usize>(nl - at)));
    at = nl + 1;
  }
  return new Parsed(out, input.slice(at));
}

function isNumber(text: string): bool {
  if (text.length == 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function callInto(out: Output, service: Uint8Array, data: Uint8Array, capacity: u32): void {
  const buffer = new Uint8Array(<i32>max<u32>(capacity, 1));
  const slot = new Uint32Array(1);
  slot[0] = capacity;
  const status = raw_call_remote_service(service.dataStart, service.length, data.dataStart, data.length,
                                         buffer.dataStart, slot.dataStart);
  out.text("call ").int(status);
  if (status == Status.Ok || status == Status.BufferTooSmall) out.text(" ").int(slot[0]);
  out.text("\n");
  if (status == Status.Ok) out.append(buffer.slice(0, <i32>slot[0]));
  if (status == Status.BufferTooSmall) callInto(out, service, data, slot[0]);
}

function runCall(input: Uint8Array): Answer {
  const p = headers(input, 3);
  if (p == null || !isNumber(p.headers[1]) || !isNumber(p.headers[2])) return new Answer(Status.InvalidArgument);
  const payload = new Output();
  const repeat = I32.parseInt(p.headers[2]);
  for (let i = 0; i < repeat; i++) payload.append(p.rest);
  const out = new Output();
  callInto(out, utf8(p.headers[0]), payload.toBytes(), <u32>U32.parseInt(p.headers[1]));
  return new Answer(Status.Ok, out.toBytes());
}

function runStream(input: Uint8Array): Answer {
  const p = headers(input, 2);
  if (p == null || !isNumber(p.headers[1])) return new Answer(Status.InvalidArgument);
  const name = utf8(p.headers[0]);
  const chunk = max<i32>(I32.parseInt(p.headers[1]), 1);
  let status = 0;
  let sent = 0;
  for (let at = 0; at < p.rest.length; at += chunk) {
    const n = min<i32>(chunk, p.rest.length - at);
    status = raw_stream_to_remote(name.dataStart, name.length, p.rest.dataStart + <usize>at, n);
    if (status != Status.Ok) break;
    sent++;
  }
  return new Answer(Status.Ok, new Output().text("stream ").int(status).text(" ").int(sent).text("\n").toBytes());
}

/** `OPEN\nLOCAL_ID\nSERVICE\nPAYLOAD`; OPEN `1` opens (or reuses) the session before the call in it. */
function runSession(input: Uint8Array): Answer {
  const p = headers(input, 3);
  if (p == null) return new Answer(Status.InvalidArgument);
  const out = new Output();
  if (p.headers[0] == "1") {
    const session = getRemoteSession(p.headers[1]);
    out.text("session ").int(session.status);
    if (session.ok) out.text(" ").int(session.bytes.length);
    out.text("\n");
    if (!session.ok) return new Answer(Status.Ok, out.toBytes());
  }
  const call = callRemoteInSession(p.headers[1], p.headers[2], p.rest);
  out.text("in_session ").int(call.status);
  if (call.ok) out.text(" ").int(call.bytes.length);
  out.text("\n").append(call.bytes);
  return new Answer(Status.Ok, out.toBytes());
}

function runBatch(input: Uint8Array): Answer {
  const text = String.UTF8.decode(input.buffer);
  const lines = text.split("\n");
  const calls = new Array<BatchCall>(0);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length == 0 && i == lines.length - 1) break;
    const tab1 = lines[i].indexOf("\t");
    const tab2 = tab1 < 0 ? -1 : lines[i].indexOf("\t", tab1 + 1);
    if (tab2 < 0) return new Answer(Status.InvalidArgument);
    const capacity = lines[i].substring(tab1 + 1, tab2);
    if (!isNumber(capacity)) return new Answer(Status.InvalidArgument);
    calls.push(new BatchCall(lines[i].substring(0, tab1), utf8(lines[i].substring(tab2 + 1)),
                             <u32>U32.parseInt(capacity)));
  }
  const batch = callRemoteBatch(calls);
  const out = new Output().text("batch ").int(batch.status).text("\n");
  for (let i = 0; i < batch.answers.length; i++) {
    const a = batch.answers[i];
    out.int(a.status).text(" ").int(a.len).text(" ").append(a.bytes).text("\n");
  }
  return new Answer(Status.Ok, out.toBytes());
}

function runBadPointer(input: Uint8Array): Answer {
  const result = new Uint8Array(16);
  const slot = new Uint32Array(1);
  slot[0] = 16;
  const status = raw_call_remote_service(0xFFFFFFF0, 64, result.dataStart, 0, result.dataStart, slot.dataStart);
  return new Answer(Status.Ok, new Output().text("bad_pointer ").int(status).text("\n").toBytes());
}

function runBadUtf8(input: Uint8Array): Answer {
  const name = new Uint8Array(2);
  name[0] = 0xff;
  name[1] = 0xfe;
  const result = new Uint8Array(16);
  const slot = new Uint32Array(1);
  slot[0] = 16;
  const status = raw_call_remote_service(name.dataStart, 2, result.dataStart, 0, result.dataStart, slot.dataStart);
  return new Answer(Status.Ok, new Output().text("bad_utf8 ").int(status).text("\n").toBytes());
}

export function call(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runCall); }
export function stream(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runStream); }
export function session(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runSession); }
export function batch(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runBatch); }
export function bad_pointer(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runBadPointer); }
export function bad_utf8(i: usize, n: usize, o: usize, l: usize): i32 { return runEntry(i, n, o, l, runBadUtf8); }
