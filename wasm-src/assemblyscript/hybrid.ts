// hybrid.ts: the Hybrid guest ABI v1 (docs/abi.md) for AssemblyScript.
//
// Re-export `alloc`, `dealloc` and `hybrid_abi_version` from your entry file, write entry
// functions with `runEntry`, and call the host through `callRemote`, `streamToRemote`,
// `getRemoteSession`, `callRemoteInSession` and `callRemoteBatch` (or the `raw_*` imports).
// Every call answers a Status. The optional imports are imported only by modules that call them.

export const ABI_VERSION: i32 = 1;
/** First result capacity offered by callRemote, getRemoteSession, callRemoteInSession and callRemoteBatch. */
export const INITIAL_RESULT_CAPACITY: u32 = 1024;

/** The ABI's status codes (docs/abi.md, "Status codes"). */
export enum Status {
  Ok = 0,
  NetworkError = -1,
  ServiceUnavailable = -2,
  BufferTooSmall = -3,
  NotAllowed = -4,
  UnknownService = -5,
  Timeout = -6,
  Unauthenticated = -7,
  InvalidArgument = -8,
  RemoteError = -9,
  TooLarge = -10,
  /** The session the call carried is gone; open a new one with getRemoteSession (abi.md, "Sessions"). */
  SessionExpired = -11,
}

// ---- the raw imports, exactly as docs/abi.md declares them ----
@external("env", "call_remote_service")
export declare function raw_call_remote_service(service: usize, serviceLen: usize, data: usize, dataLen: usize,
                                                result: usize, resultLenPtr: usize): i32;
@external("env", "stream_to_remote")
export declare function raw_stream_to_remote(service: usize, serviceLen: usize, data: usize, dataLen: usize): i32;
@external("env", "get_remote_session")
export declare function raw_get_remote_session(sessionId: usize, sessionIdLen: usize, session: usize,
                                               sessionLenPtr: usize): i32;
/** Optional: only modules that call it import it. */
@external("env", "call_remote_batch")
export declare function raw_call_remote_batch(requests: usize, requestsLen: usize, results: usize,
                                              resultsLenPtr: usize): i32;
/** Optional: only modules that call it import it, and then only these calls carry a session. */
@external("env", "call_remote_in_session")
export declare function raw_call_remote_in_session(sessionId: usize, sessionIdLen: usize, service: usize,
                                                   serviceLen: usize, data: usize, dataLen: usize, result: usize,
                                                   resultLenPtr: usize): i32;

// ---- exports every guest needs (re-export them from the entry file) ----
export function alloc(size: usize): usize {
  return heap.alloc(size > 0 ? size : 1);
}

export function dealloc(ptr: usize, size: usize): void {
  if (ptr != 0) heap.free(ptr);
}

export function hybrid_abi_version(): i32 {
  return ABI_VERSION;
}

/** A status and, on Ok, the bytes; on BufferTooSmall `len` is the size needed. */
export class Answer {
  constructor(public status: i32, public bytes: Uint8Array = new Uint8Array(0), public len: u32 = 0) {}

  get ok(): bool {
    return this.status == Status.Ok;
  }
}

/** A growable byte buffer for outputs. */
export class Output {
  bytes: Uint8Array = new Uint8Array(64);
  len: i32 = 0;

  append(data: Uint8Array): Output {
    this.reserve(data.length);
    memory.copy(this.bytes.dataStart + <usize>this.len, data.dataStart, <usize>data.length);
    this.len += data.length;
    return this;
  }

  text(s: string): Output {
    return this.append(Uint8Array.wrap(String.UTF8.encode(s)));
  }

  int(value: i64): Output {
    return this.text(value.toString());
  }

  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.len);
  }

  private reserve(extra: i32): void {
    if (this.len + extra <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const grown = new Uint8Array(cap);
    memory.copy(grown.dataStart, this.bytes.dataStart, <usize>this.len);
    this.bytes = grown;
  }
}

export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** The arguments of one host call that writes a result (unused ones empty). */
class Request {
  constructor(public localId: Uint8Array, public service: Uint8Array, public data: Uint8Array) {}
}

// One attempt each; separate functions, so that a module imports only what it calls.
function callOnce(r: Request, result: usize, resultLenPtr: usize): i32 {
  return raw_call_remote_service(r.service.dataStart, r.service.length, r.data.dataStart, r.data.length, result,
                                 resultLenPtr);
}

function sessionOnce(r: Request, result: usize, resultLenPtr: usize): i32 {
  return raw_get_remote_session(r.localId.dataStart, r.localId.length, result, resultLenPtr);
}

function inSessionOnce(r: Request, result: usize, resultLenPtr: usize): i32 {
  return raw_call_remote_in_session(r.localId.dataStart, r.localId.length, r.service.dataStart, r.service.length,
                                    r.data.dataStart, r.data.length, result, resultLenPtr);
}

/** One attempt with `capacity` bytes, one more with exactly the size needed on BufferTooSmall. */
function receive(request: Request, attempt: (r: Request, result: usize, resultLenPtr: usize) => i32): Answer {
  let capacity = INITIAL_RESULT_CAPACITY;
  for (let i = 0; i < 2; i++) {
    const buffer = new Uint8Array(<i32>capacity);
    const slot = new Uint32Array(1);
    slot[0] = capacity;
    const status = attempt(request, buffer.dataStart, slot.dataStart);
    if (status == Status.Ok) {
      return slot[0] <= capacity ? new Answer(status, buffer.slice(0, <i32>slot[0]), slot[0])
                                 : new Answer(Status.BufferTooSmall);
    }
    if (status != Status.BufferTooSmall) return new Answer(status);
    capacity = slot[0];
  }
  return new Answer(Status.BufferTooSmall);
}

/** Calls `service` with `data`; BufferTooSmall is handled (the host kept the result, the service runs once). */
export function callRemote(service: string, data: Uint8Array): Answer {
  return receive(new Request(new Uint8Array(0), utf8(service), data), callOnce);
}

/** Streams `data` as the next chunk to `service`. */
export function streamToRemote(service: string, data: Uint8Array): i32 {
  const name = utf8(service);
  return raw_stream_to_remote(name.dataStart, name.length, data.dataStart, data.length);
}

/** The server session for `localId` (opened on first use), as UTF-8 bytes. */
export function getRemoteSession(localId: string): Answer {
  return receive(new Request(utf8(localId), new Uint8Array(0), new Uint8Array(0)), sessionOnce);
}

/**
 * Calls `service` with `data` in the session getRemoteSession opened for `localId` (the guest's
 * own id); buffers as callRemote. Calling it makes the module import call_remote_in_session, and
 * then callRemote, streams and batches carry no session (they keep retries and the cache).
 * Status.SessionExpired: the server-side state is gone and the host forgot the session; rebuild
 * what it held and call getRemoteSession again, which opens a fresh one.
 */
export function callRemoteInSession(localId: string, service: string, data: Uint8Array): Answer {
  return receive(new Request(utf8(localId), utf8(service), data), inSessionOnce);
}

/** One call of a batch. */
export class BatchCall {
  constructor(public service: string, public data: Uint8Array, public capacity: u32 = INITIAL_RESULT_CAPACITY) {}
}

/** The batch's own status (Ok, or -8 / -10 when nothing was sent) and one Answer per call, in order. */
export class BatchAnswers {
  constructor(public status: i32, public answers: Answer[] = []) {}
}

/** Sends `calls` at once through env.call_remote_batch; answers exactly as the host gave them. */
export function callRemoteBatch(calls: BatchCall[]): BatchAnswers {
  const requests = new Output();
  const word = new Uint8Array(4);
  let room: u32 = 0;
  writeU32(word, calls.length);
  requests.append(word);
  for (let i = 0; i < calls.length; i++) {
    const name = utf8(calls[i].service);
    writeU32(word, name.length);
    requests.append(word).append(name);
    writeU32(word, calls[i].data.length);
    requests.append(word).append(calls[i].data);
    writeU32(word, calls[i].capacity);
    requests.append(word);
    room += 8 + calls[i].capacity;
  }
  const results = new Uint8Array(<i32>room);
  const slot = new Uint32Array(1);
  slot[0] = room;
  const status = raw_call_remote_batch(requests.bytes.dataStart, requests.len, results.dataStart, slot.dataStart);
  if (status != Status.Ok) return new BatchAnswers(status);
  const answers = new Array<Answer>(0);
  let at: i32 = 0;
  const end = <i32>slot[0];
  while (at + 8 <= end) {
    const entryStatus = <i32>readU32(results, at);
    const len = readU32(results, at + 4);
    at += 8;
    if (entryStatus == Status.Ok) {
      answers.push(new Answer(entryStatus, results.slice(at, at + <i32>len), len));
      at += <i32>len;
    } else {
      answers.push(new Answer(entryStatus, new Uint8Array(0), len));
    }
  }
  return new BatchAnswers(Status.Ok, answers);
}

function writeU32(to: Uint8Array, value: u32): void {
  store<u32>(to.dataStart, value);
}

function readU32(from: Uint8Array, at: i32): u32 {
  return load<u32>(from.dataStart + <usize>at);
}

/**
 * Runs `handler` as an ABI entry: copies its bytes to the host's buffer, or answers
 * BufferTooSmall with the size needed; a non-Ok status is returned as is.
 */
export function runEntry(inputPtr: usize, inputLen: usize, outputPtr: usize, outputLenPtr: usize,
                         handler: (input: Uint8Array) => Answer): i32 {
  if (outputLenPtr == 0 || (inputPtr == 0 && inputLen != 0)) return Status.InvalidArgument;
  const input = new Uint8Array(<i32>inputLen);
  memory.copy(input.dataStart, inputPtr, inputLen);
  const answer = handler(input);
  if (answer.status != Status.Ok) return answer.status;
  const capacity = load<u32>(outputLenPtr);
  if (<u32>answer.bytes.length > capacity) {
    store<u32>(outputLenPtr, answer.bytes.length);
    return Status.BufferTooSmall;
  }
  memory.copy(outputPtr, answer.bytes.dataStart, <usize>answer.bytes.length);
  store<u32>(outputLenPtr, answer.bytes.length);
  return Status.Ok;
}
