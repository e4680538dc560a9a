//! `parity_rust`: the parity scenario of `wasm-src/README.md` ("Parity guests") in Rust. The C
//! and AssemblyScript guests export the same entries and must give byte-identical outputs.
//! Every entry answers status 0 and reports the statuses it saw in its output.

use std::str;

use hybrid_guest::{call_remote_in_session, get_remote_session, raw, stream_to_remote, BatchCall, Status};

fn headers<const N: usize>(input: &[u8]) -> Result<([&str; N], &[u8]), Status> {
    let mut headers = [""; N];
    let mut rest = input;
    for header in &mut headers {
        let end = rest.iter().position(|&b| b == b'\n').ok_or(Status::InvalidArgument)?;
        *header = str::from_utf8(&rest[..end]).map_err(|_| Status::InvalidArgument)?;
        rest = &rest[end + 1..];
    }
    Ok((headers, rest))
}

fn number(text: &str) -> Result<usize, Status> {
    text.parse().map_err(|_| Status::InvalidArgument)
}

/// `call S[ LEN]\n` and the bytes on success; on -3 a second line for the retry with LEN bytes.
fn call_into(out: &mut Vec<u8>, service: &[u8], data: &[u8], capacity: usize) {
    let mut buffer = vec![0u8; capacity];
    let mut len = capacity;
    let status = unsafe {
        raw::call_remote_service(service.as_ptr(), service.len(), data.as_ptr(), data.len(), buffer.as_mut_ptr(), &mut len)
    };
    match status {
        0 => {
            out.extend_from_slice(format!("call 0 {len}\n").as_bytes());
            out.extend_from_slice(&buffer[..len]);
        }
        -3 => {
            out.extend_from_slice(format!("call -3 {len}\n").as_bytes());
            call_into(out, service, data, len);
        }
        status => out.extend_from_slice(format!("call {status}\n").as_bytes()),
    }
}

fn run_call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service, capacity, repeat], payload) = headers(input)?;
    let repeat = number(repeat)?;
    let mut repeated = Vec::new();
    repeated
        .try_reserve_exact(payload.len().checked_mul(repeat).ok_or(Status::TooLarge)?)
        .map_err(|_| Status::TooLarge)?;
    for _ in 0..repeat {
        repeated.extend_from_slice(payload);
    }
    let payload = repeated;
    let mut out = Vec::new();
    call_into(&mut out, service.as_bytes(), &payload, number(capacity)?);
    Ok(out)
}

fn run_stream(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service, chunk], payload) = headers(input)?;
    let chunk = number(chunk)?.max(1);
    let mut sent = 0;
    let mut status = 0;
    for piece in payload.chunks(chunk) {
        if let Err(error) = stream_to_remote(service, piece) {
            status = error.code();
            break;
        }
        sent += 1;
    }
    Ok(format!("stream {status} {sent}\n").into_bytes())
}

/// `OPEN\nLOCAL_ID\nSERVICE\nPAYLOAD`; OPEN `1` opens (or reuses) the session before the call in it.
fn run_session(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([open, local_id, service], payload) = headers(input)?;
    let mut out = Vec::new();
    if open == "1" {
        match get_remote_session(local_id) {
            Ok(id) => out.extend_from_slice(format!("session 0 {}\n", id.len()).as_bytes()),
            Err(status) => return Ok(format!("session {}\n", status.code()).into_bytes()),
        }
    }
    match call_remote_in_session(local_id, service, payload) {
        Ok(result) => {
            out.extend_from_slice(format!("in_session 0 {}\n", result.len()).as_bytes());
            out.extend_from_slice(&result);
        }
        Err(status) => out.extend_from_slice(format!("in_session {}\n", status.code()).as_bytes()),
    }
    Ok(out)
}

fn run_batch(input: &[u8]) -> Result<Vec<u8>, Status> {
    let text = str::from_utf8(input).map_err(|_| Status::InvalidArgument)?;
    let mut calls = Vec::new();
    for line in text.lines() {
        let mut fields = line.splitn(3, '\t');
        let service = fields.next().ok_or(Status::InvalidArgument)?;
        let capacity = number(fields.next().ok_or(Status::InvalidArgument)?)?;
        let data = fields.next().ok_or(Status::InvalidArgument)?.as_bytes();
        calls.push(BatchCall { service, data, capacity });
    }
    let answers = match hybrid_guest::call_remote_batch_raw(&calls) {
        Ok(answers) => answers,
        Err(status) => return Ok(format!("batch {}\n", status.code()).into_bytes()),
    };
    let mut out = b"batch 0\n".to_vec();
    for answer in answers {
        out.extend_from_slice(format!("{} {} ", answer.status.code(), answer.len).as_bytes());
        out.extend_from_slice(&answer.bytes);
        out.push(b'\n');
    }
    Ok(out)
}

/// The service name at 0xFFFFFFF0, 64 bytes: outside any memory.
fn run_bad_pointer(_: &[u8]) -> Result<Vec<u8>, Status> {
    let mut result = [0u8; 16];
    let mut len = result.len();
    let status = unsafe {
        raw::call_remote_service(0xFFFF_FFF0usize as *const u8, 64, b"".as_ptr(), 0, result.as_mut_ptr(), &mut len)
    };
    Ok(format!("bad_pointer {status}\n").into_bytes())
}

/// The service name `ff fe`: not UTF-8.
fn run_bad_utf8(_: &[u8]) -> Result<Vec<u8>, Status> {
    let name = [0xffu8, 0xfe];
    let mut result = [0u8; 16];
    let mut len = result.len();
    let status = unsafe {
        raw::call_remote_service(name.as_ptr(), name.len(), b"".as_ptr(), 0, result.as_mut_ptr(), &mut len)
    };
    Ok(format!("bad_utf8 {status}\n").into_bytes())
}

hybrid_guest::entry!(call, run_call);
hybrid_guest::entry!(stream, run_stream);
hybrid_guest::entry!(session, run_session);
hybrid_guest::entry!(batch, run_batch);
hybrid_guest::entry!(bad_pointer, run_bad_pointer);
hybrid_guest::entry!(bad_utf8, run_bad_utf8);
