//! gRPC methods called by name: `call_remote_service` with a `package.Service/Method` name
//! (abi.md, "gRPC methods by name").

use crate::{call_remote_service, stream_to_remote, Status};

/// Suffix of a method name that asks for raw protobuf bytes instead of JSON.
pub const PROTO_SUFFIX: &str = "+proto";

/// Calls the gRPC method `method` (`package.Service/Method`) of the configured server with
/// the request as a UTF-8 JSON object; returns the response as proto3 JSON (a JSON array of
/// the responses for a server-streaming method).
///
/// The host transcodes with the method's schema (descriptor sets or server reflection):
/// JSON that does not fit the request type gives [`Status::InvalidArgument`], an unknown
/// method [`Status::UnknownService`], the server's own error its mapped status. A name that
/// is not `package.Service/Method` gives [`Status::InvalidArgument`] without calling the
/// host, so a typo never reaches a `hybrid.v1` service of the same name.
///
/// ```
/// use hybrid_guest::{call_method, Status};
///
/// fn reserve(request: &[u8]) -> Result<Vec<u8>, Status> {
///     call_method("inventory.v1.Stock/Reserve", request)
/// }
/// ```
pub fn call_method(method: &str, request_json: &[u8]) -> Result<Vec<u8>, Status> {
    check_name(method)?;
    call_remote_service(method, request_json)
}

/// Like [`call_method`], with the request and the response as serialized protobuf messages
/// (the name gets [`PROTO_SUFFIX`]).
pub fn call_method_proto(method: &str, request: &[u8]) -> Result<Vec<u8>, Status> {
    check_name(method)?;
    let mut name = String::with_capacity(method.len() + PROTO_SUFFIX.len());
    name.push_str(method);
    name.push_str(PROTO_SUFFIX);
    call_remote_service(&name, request)
}

/// Sends `request_json` as the next request message of a client-streaming or bidirectional
/// method, on the stream this instance keeps for `method` (opened by the first message).
/// [`call_method`] on the same method finishes the stream (sending its data as a last
/// message when not empty) and returns the response, or for a bidirectional method the JSON
/// array of every response.
///
/// ```
/// use hybrid_guest::{call_method, stream_method, Status};
///
/// fn sum(readings: &[&[u8]]) -> Result<Vec<u8>, Status> {
///     for reading in readings {
///         stream_method("telemetry.v1.Meter/Record", reading)?;
///     }
///     call_method("telemetry.v1.Meter/Record", b"")
/// }
/// ```
pub fn stream_method(method: &str, request_json: &[u8]) -> Result<(), Status> {
    check_name(method)?;
    stream_to_remote(method, request_json)
}

/// The messages of a `+proto` result of a server-streaming or bidirectional method: each
/// is a `u32` little-endian length followed by that many bytes. `None` when `result` does
/// not split exactly.
pub fn proto_messages(result: &[u8]) -> Option<Vec<&[u8]>> {
    let mut messages = Vec::new();
    let mut rest = result;
    while !rest.is_empty() {
        let (len, tail) = rest.split_at(rest.len().min(4));
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        if tail.len() < len {
            return None;
        }
        let (message, tail) = tail.split_at(len);
        messages.push(message);
        rest = tail;
    }
    Some(messages)
}

/// `package.Service/Method`: one `/` with a non-empty, suffix-free name on each side.
fn check_name(method: &str) -> Result<(), Status> {
    match method.split_once('/') {
        Some((service, name))
            if !service.is_empty()
                && !name.is_empty()
                && !name.contains('/')
                && !method.ends_with(PROTO_SUFFIX) =>
        {
            Ok(())
        }
        _ => Err(Status::InvalidArgument),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A server that records the names it is called with and answers per name.
    #[derive(Clone, Default)]
    struct Methods {
        seen: Rc<RefCell<Vec<String>>>,
    }

    impl native::Host for Methods {
        fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
            self.seen.borrow_mut().push(service.to_owned());
            match service {
                "inventory.v1.Stock/Reserve" => Ok([&b"{\"echo\":"[..], data, b"}"].concat()),
                "inventory.v1.Stock/Reserve+proto" => Ok(data.iter().rev().copied().collect()),
                "inventory.v1.Stock/Big" => Ok(vec![b' '; 5000]),
                "inventory.v1.Stock/Fail" => Err(Status::RemoteError),
                _ => Err(Status::UnknownService),
            }
        }

        fn stream_to_remote(&mut self, service: &str, _: &[u8]) -> Result<(), Status> {
            self.seen.borrow_mut().push(format!("stream {service}"));
            Ok(())
        }

        fn get_remote_session(&mut self, _: &str) -> Result<String, Status> {
            Err(Status::NotAllowed)
        }
    }

    #[test]
    fn json_calls_use_the_method_name_unchanged() {
        let host = Methods::default();
        native::install(host.clone());
        assert_eq!(
            call_method("inventory.v1.Stock/Reserve", br#"{"sku":"A"}"#).unwrap(),
            br#"{"echo":{"sku":"A"}}"#
        );
        assert_eq!(call_method("inventory.v1.Stock/Big", b"{}").unwrap().len(), 5000);
        assert_eq!(
            call_method("inventory.v1.Stock/Fail", b"{}"),
            Err(Status::RemoteError)
        );
        assert_eq!(
            call_method("inventory.v1.Stock/Nope", b"{}"),
            Err(Status::UnknownService)
        );
        assert_eq!(
            *host.seen.borrow(),
            [
                "inventory.v1.Stock/Reserve",
                "inventory.v1.Stock/Big",
                "inventory.v1.Stock/Fail",
                "inventory.v1.Stock/Nope"
            ]
        );
    }

    #[test]
    fn proto_calls_add_the_suffix() {
        let host = Methods::default();
        native::install(host.clone());
        assert_eq!(
            call_method_proto("inventory.v1.Stock/Reserve", &[1, 2, 3]).unwrap(),
            [3, 2, 1]
        );
        assert_eq!(*host.seen.borrow(), ["inventory.v1.Stock/Reserve+proto"]);
    }

    #[test]
    fn streams_send_messages_under_the_method_name() {
        let host = Methods::default();
        native::install(host.clone());
        assert_eq!(stream_method("inventory.v1.Stock/Reserve", b"{}"), Ok(()));
        assert_eq!(stream_method("Stock", b"{}"), Err(Status::InvalidArgument));
        assert_eq!(*host.seen.borrow(), ["stream inventory.v1.Stock/Reserve"]);
    }

    #[test]
    fn splits_length_prefixed_messages() {
        let result = [&[2, 0, 0, 0][..], b"ab", &[0, 0, 0, 0], &[1, 0, 0, 0], b"c"].concat();
        assert_eq!(proto_messages(&result), Some(vec![&b"ab"[..], b"", b"c"]));
        assert_eq!(proto_messages(b""), Some(vec![]));
        assert_eq!(proto_messages(&[2, 0, 0, 0, b'a']), None);
        assert_eq!(proto_messages(&[1, 0]), None);
    }

    #[test]
    fn names_that_are_not_methods_never_reach_the_host() {
        let host = Methods::default();
        native::install(host.clone());
        for name in [
            "Echo",
            "",
            "/Reserve",
            "inventory.v1.Stock/",
            "a/b/c",
            "inventory.v1.Stock/Reserve+proto",
        ] {
            assert_eq!(call_method(name, b"{}"), Err(Status::InvalidArgument), "{name}");
            assert_eq!(call_method_proto(name, b""), Err(Status::InvalidArgument), "{name}");
            assert_eq!(stream_method(name, b"{}"), Err(Status::InvalidArgument), "{name}");
        }
        assert!(host.seen.borrow().is_empty());
    }
}
