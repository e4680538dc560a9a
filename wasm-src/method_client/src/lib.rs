//! `method_client`: calls one method of any gRPC server by name and prints its answer.
//!
//! Input, a JSON object naming the method and holding the request message in proto3 JSON
//! (`request` may be left out for an empty message):
//!
//! ```text
//! {"method":"inventory.v1.Stock/Reserve","request":{"sku":"A-1","quantity":2}}
//! ```
//!
//! For a client-streaming or bidirectional method, `requests` holds the messages instead:
//! each is sent on the method's stream, then the stream is finished and its answer returned
//! (the response, or for bidi the JSON array of every response).
//!
//! ```text
//! {"method":"grpc.testing.TestService/StreamingInputCall","requests":[{...},{...}]}
//! ```
//!
//! Entries (each calls the method once per input, also when the host has to ask again with a
//! larger output buffer):
//!
//! * `process`: the response in proto3 JSON as the host transcodes it (a JSON array for a
//!   server-streaming method); a failed call returns its status, an input without a string
//!   `method` naming `package.Service/Method` returns -8.
//! * `process_reporting_errors`: the same, but a failure is an output too (status 0):
//!   `{"error":DETAIL}`, where DETAIL is the host's `last_error` object
//!   (`{"status":-9,"message":...,"grpc_status":"NOT_FOUND",...}`), or `{"status":CODE}`
//!   for a failure the guest found itself.
//!
//! ```text
//! hybrid run method_client.wasm --remote HOST:PORT --descriptor-set stock.pb \
//!     --allow inventory.v1.Stock/Reserve --input request.json
//! ```

use hybrid_guest::{call_method, json, last_error, stream_method, Status};

fn call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let members = json::members(input).ok_or(Status::InvalidArgument)?;
    let find = |key: &str| members.iter().find(|(name, _)| name == key).map(|(_, value)| *value);
    let method = find("method").and_then(json::string).ok_or(Status::InvalidArgument)?;
    if let Some(requests) = find("requests") {
        for request in json::elements(requests).ok_or(Status::InvalidArgument)? {
            stream_method(&method, request)?;
        }
        return call_method(&method, b"");
    }
    call_method(&method, find("request").unwrap_or(b"{}"))
}

fn call_reporting_errors(input: &[u8]) -> Result<Vec<u8>, Status> {
    let status = match call(input) {
        Ok(response) => return Ok(response),
        Err(status) => status,
    };
    let code = decimal(status.code());
    let detail = last_error()
        .filter(|detail| json::member(detail.as_bytes(), "status") == Some(code.as_bytes()));
    let mut output = String::from("{\"error\":");
    match detail {
        Some(detail) => output.push_str(&detail),
        None => {
            output.push_str("{\"status\":");
            output.push_str(&code);
            output.push('}');
        }
    }
    output.push('}');
    Ok(output.into_bytes())
}

/// `n` in decimal, without `core::fmt` (std's formatting and joining code would put absolute
/// source paths into the module, see build.sh).
fn decimal(n: i32) -> String {
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

// A method may change state (a reservation): when the answer does not fit the host's first
// buffer, the host's second try gets the kept answer instead of calling the method again.
hybrid_guest::entry_once!(process, call);
hybrid_guest::entry_once!(process_reporting_errors, call_reporting_errors);

#[cfg(test)]
mod tests;
