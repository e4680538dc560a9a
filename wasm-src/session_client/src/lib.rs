//! `session_client`: calls services in a session, stating per call which calls use it
//! (`call_remote_in_session`), and carries on when the session's server-side state is lost.
//!
//! Every input is UTF-8 header lines, each ended by `\n`, followed by a raw payload.
//! Malformed headers give `INVALID_ARGUMENT` (-8); a failing host call gives its status.
//!
//! * `in_session`: `LOCAL_ID\nSERVICE\nPAYLOAD`. Opens the session LOCAL_ID (or reuses the
//!   one open), calls SERVICE in it and outputs `ok\n` and the result. When the host answers
//!   `SESSION_EXPIRED` (the server forgot the session: idle expiry, restart, replica lost), it
//!   opens a fresh session, calls once more and outputs `reopened\n` and that result.
//! * `plain`: `LOCAL_ID\nSERVICE\nPAYLOAD`. Opens the session LOCAL_ID, then makes a plain
//!   call and outputs its result: since this module imports `call_remote_in_session`, the plain
//!   call carries no session (with retries and the cache as for any stateless call).

use std::str;

use hybrid_guest::{call_remote_in_session, call_remote_service, get_remote_session, Status};

fn session_call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([local_id, service], payload) = headers(input)?;
    get_remote_session(local_id)?;
    let (mut output, result) = match call_remote_in_session(local_id, service, payload) {
        Err(Status::SessionExpired) => {
            get_remote_session(local_id)?;
            (b"reopened\n".to_vec(), call_remote_in_session(local_id, service, payload)?)
        }
        answer => (b"ok\n".to_vec(), answer?),
    };
    output.extend_from_slice(&result);
    Ok(output)
}

fn plain_call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let ([local_id, service], payload) = headers(input)?;
    get_remote_session(local_id)?;
    call_remote_service(service, payload)
}

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

hybrid_guest::entry!(in_session, session_call);
hybrid_guest::entry!(plain, plain_call);

#[cfg(test)]
mod tests;
