use std::str::{self, FromStr};

use hybrid_guest::{call_remote_service, get_remote_session, raw, stream_to_remote, Status};

/// A service name pointer past the end of any 32-bit memory.
const OUT_OF_BOUNDS: usize = 0xFFFF_FFF0;
const OUT_OF_BOUNDS_LEN: usize = 64;

/// `SERVICE\nPAYLOAD`: the result of the call, through the library's buffer handling.
pub fn call_service(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service], payload) = headers(input)?;
    call_remote_service(service, payload)
}

/// `SERVICE\nTIMES\nPAYLOAD`: calls SERVICE with PAYLOAD repeated TIMES times (a payload larger
/// than the input, to meet the host's message-size limit) and outputs the result's length.
pub fn call_service_repeated(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service, times], payload) = headers(input)?;
    let times: usize = number(times)?;
    let total = payload.len().checked_mul(times).ok_or(Status::InvalidArgument)?;
    let mut big = Vec::new();
    big.try_reserve_exact(total).map_err(|_| Status::TooLarge)?;
    for _ in 0..times {
        big.extend_from_slice(payload);
    }
    let result = call_remote_service(service, &big)?;
    Ok(format!("{}", result.len()).into_bytes())
}

/// `SERVICE\nCAPACITY\nPAYLOAD`: the raw import with exactly CAPACITY bytes for the result.
/// Outputs the result, or `needed=N;` and the result when a retry with N bytes was needed.
pub fn call_service_raw(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service, capacity], payload) = headers(input)?;
    let call = |capacity| unsafe { raw_call(service.as_ptr(), service.len(), payload, capacity) };
    let (status, needed, buffer) = call(number(capacity)?);
    if status != Status::BufferTooSmall {
        return received(status, needed, buffer);
    }
    let (status, len, buffer) = call(needed);
    let mut output = format!("needed={needed};").into_bytes();
    output.extend_from_slice(&received(status, len, buffer)?);
    Ok(output)
}

/// `SERVICE\nCHUNK_SIZE\nPAYLOAD`: streams PAYLOAD in CHUNK_SIZE pieces and outputs how many
/// were sent.
pub fn stream(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([service, chunk_size], payload) = headers(input)?;
    let chunk_size: usize = number(chunk_size)?;
    if chunk_size == 0 {
        return Err(Status::InvalidArgument);
    }
    let mut sent = 0usize;
    for chunk in payload.chunks(chunk_size) {
        stream_to_remote(service, chunk)?;
        sent += 1;
    }
    Ok(format!("{sent}").into_bytes())
}

/// `LOCAL_SESSION_ID\nSERVICE\nPAYLOAD`: outputs the remote session id, `\n`, and the result
/// of the call.
pub fn session_call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([local_id, service], payload) = headers(input)?;
    let session = get_remote_session(local_id)?;
    let result = call_remote_service(service, payload)?;
    let mut output = session.into_bytes();
    output.push(b'\n');
    output.extend_from_slice(&result);
    Ok(output)
}

/// Names the service with a pointer outside guest memory; outputs the status received.
pub fn bad_pointer(_: &[u8]) -> Result<Vec<u8>, Status> {
    let (status, _, _) =
        unsafe { raw_call(OUT_OF_BOUNDS as *const u8, OUT_OF_BOUNDS_LEN, &[], 16) };
    Ok(format!("{}", status.code()).into_bytes())
}

/// Names the service with bytes that are not UTF-8; outputs the status received.
pub fn bad_utf8(_: &[u8]) -> Result<Vec<u8>, Status> {
    let service = [0xff, 0xfe];
    let (status, _, _) = unsafe { raw_call(service.as_ptr(), service.len(), &[], 16) };
    Ok(format!("{}", status.code()).into_bytes())
}

/// Calls the raw import with a result buffer of exactly `capacity` bytes; returns the status,
/// the length slot's value and the buffer.
///
/// # Safety
/// Unless the host is expected to reject it, `service_ptr` must point at `service_len`
/// readable bytes.
unsafe fn raw_call(
    service_ptr: *const u8,
    service_len: usize,
    data: &[u8],
    capacity: usize,
) -> (Status, usize, Vec<u8>) {
    let mut buffer = vec![0u8; capacity];
    let mut len = capacity;
    let status = raw::call_remote_service(
        service_ptr,
        service_len,
        data.as_ptr(),
        data.len(),
        buffer.as_mut_ptr(),
        &mut len,
    );
    (Status::from_code(status), len, buffer)
}

fn received(status: Status, len: usize, mut buffer: Vec<u8>) -> Result<Vec<u8>, Status> {
    match status {
        Status::Ok if len <= buffer.len() => {
            buffer.truncate(len);
            Ok(buffer)
        }
        Status::Ok => Err(Status::BufferTooSmall),
        error => Err(error),
    }
}

fn headers<const N: usize>(input: &[u8]) -> Result<([&str; N], &[u8]), Status> {
    let mut headers = [""; N];
    let mut rest = input;
    for header in &mut headers {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or(Status::InvalidArgument)?;
        *header = str::from_utf8(&rest[..end]).map_err(|_| Status::InvalidArgument)?;
        rest = &rest[end + 1..];
    }
    Ok((headers, rest))
}

fn number<T: FromStr>(text: &str) -> Result<T, Status> {
    text.parse().map_err(|_| Status::InvalidArgument)
}
