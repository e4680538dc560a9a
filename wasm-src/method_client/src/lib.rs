//! `method_client`: calls one method of any gRPC server by name and prints its answer.
//!
//! Entry `process`. Input, a JSON object:
//!
//! ```text
//! {"method":"inventory.v1.Stock/Reserve","request":{"sku":"A-1","quantity":2}}
//! ```
//!
//! `request` is the request message in proto3 JSON (`{}` when absent). The output is the
//! response in proto3 JSON, as the host transcodes it (a JSON array for a server-streaming
//! method). An input without a string `method` gives -8; a failed call gives its status.
//!
//! ```text
//! hybrid run method_client.wasm --remote HOST:PORT --descriptor-set stock.pb \
//!     --allow inventory.v1.Stock/Reserve --input request.json
//! ```

use hybrid_guest::{call_method, json, Status};

fn call(input: &[u8]) -> Result<Vec<u8>, Status> {
    let method = json::member(input, "method").and_then(json::string);
    let method = method.ok_or(Status::InvalidArgument)?;
    let request = json::member(input, "request").unwrap_or(b"{}");
    call_method(&method, request)
}

hybrid_guest::entry!(process, call);

#[cfg(test)]
mod tests;
