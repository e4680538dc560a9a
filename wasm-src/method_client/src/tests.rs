use hybrid_guest::{native, run_entry_once, Status};
use std::cell::RefCell;
use std::rc::Rc;

/// Plays a gRPC server: answers `inventory.v1.Stock/Reserve` and records every call.
#[derive(Clone, Default)]
struct Stock {
    calls: Rc<RefCell<Vec<(String, String)>>>,
    streamed: Rc<RefCell<Vec<String>>>,
}

impl native::Host for Stock {
    fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        let request = String::from_utf8(data.to_vec()).unwrap();
        self.calls.borrow_mut().push((service.to_owned(), request));
        match service {
            "inventory.v1.Stock/Reserve" => Ok(br#"{"reservationId":"r-1","remaining":8}"#.to_vec()),
            "inventory.v1.Stock/Fail" => Err(Status::RemoteError),
            "inventory.v1.Stock/Restock" => {
                let count = self.streamed.borrow_mut().drain(..).count();
                Ok(format!("{{\"messages\":{count}}}").into_bytes())
            }
            _ => Err(Status::UnknownService),
        }
    }

    fn stream_to_remote(&mut self, service: &str, data: &[u8]) -> Result<(), Status> {
        assert_eq!(service, "inventory.v1.Stock/Restock");
        self.streamed.borrow_mut().push(String::from_utf8(data.to_vec()).unwrap());
        Ok(())
    }

    fn get_remote_session(&mut self, _: &str) -> Result<String, Status> {
        Err(Status::NotAllowed)
    }

    fn failure_detail(&mut self, name: &str, status: Status) -> String {
        format!(r#"{{"status":{},"message":"{name}","grpc_status":"FAILED_PRECONDITION"}}"#, status.code())
    }
}

type Handler = fn(&[u8]) -> Result<Vec<u8>, Status>;

fn run_with(handler: Handler, input: &str) -> Result<String, i32> {
    let mut output = vec![0u8; 4096];
    let mut len = output.len();
    let status = unsafe { run_entry_once(input.as_ptr(), input.len(), output.as_mut_ptr(), &mut len, handler) };
    if status != 0 {
        return Err(status);
    }
    output.truncate(len);
    Ok(String::from_utf8(output).unwrap())
}

fn run(input: &str) -> Result<String, i32> {
    run_with(super::call, input)
}

fn run_reporting(input: &str) -> String {
    run_with(super::call_reporting_errors, input).expect("failures are outputs")
}

#[test]
fn passes_the_request_object_and_returns_the_response() {
    let host = Stock::default();
    native::install(host.clone());
    let out = run(r#" {"request": {"sku":"A-1","quantity":2} , "method":"inventory.v1.Stock/Reserve"} "#);
    assert_eq!(out.as_deref(), Ok(r#"{"reservationId":"r-1","remaining":8}"#));
    assert_eq!(
        *host.calls.borrow(),
        [("inventory.v1.Stock/Reserve".to_owned(), r#"{"sku":"A-1","quantity":2}"#.to_owned())]
    );
}

#[test]
fn an_answer_too_large_for_the_first_buffer_calls_the_method_once() {
    let host = Stock::default();
    native::install(host.clone());
    let input = r#"{"method":"inventory.v1.Stock/Reserve"}"#;
    let mut output = vec![0u8; 8];
    let mut len = output.len();
    let status = unsafe { super::process(input.as_ptr(), input.len(), output.as_mut_ptr(), &mut len) };
    assert_eq!((status, len), (-3, 37));
    let mut output = vec![0u8; len];
    let status = unsafe { super::process(input.as_ptr(), input.len(), output.as_mut_ptr(), &mut len) };
    assert_eq!(status, 0);
    assert_eq!(output, br#"{"reservationId":"r-1","remaining":8}"#);
    assert_eq!(host.calls.borrow().len(), 1, "the host's retry got the kept answer");
}

#[test]
fn a_missing_request_is_the_empty_message() {
    let host = Stock::default();
    native::install(host.clone());
    assert!(run(r#"{"method":"inventory.v1.Stock/Reserve"}"#).is_ok());
    assert_eq!(host.calls.borrow()[0].1, "{}");
}

#[test]
fn requests_are_streamed_then_the_stream_is_finished() {
    let host = Stock::default();
    native::install(host.clone());
    let out = run(r#"{"method":"inventory.v1.Stock/Restock","requests":[{"sku":"A-1"}, {"sku":"B-2"}]}"#);
    assert_eq!(out.as_deref(), Ok(r#"{"messages":2}"#));
    assert_eq!(
        *host.calls.borrow(),
        [("inventory.v1.Stock/Restock".to_owned(), String::new())],
        "the finishing call carries no message of its own"
    );
    assert_eq!(run(r#"{"method":"inventory.v1.Stock/Restock","requests":[]}"#).as_deref(), Ok(r#"{"messages":0}"#));
    assert_eq!(run(r#"{"method":"inventory.v1.Stock/Restock","requests":{}}"#), Err(-8));
}

#[test]
fn failures_are_statuses() {
    let host = Stock::default();
    native::install(host.clone());
    assert_eq!(run(r#"{"method":"inventory.v1.Stock/Fail","request":{}}"#), Err(-9));
    assert_eq!(run(r#"{"method":"inventory.v1.Stock/Nope"}"#), Err(-5));
    for bad in [
        "",
        "not json",
        r#"{"request":{}}"#,
        r#"{"method":7}"#,
        r#"{"method":"Echo"}"#,
        r#"{"method":"inventory.v1.Stock/Reserve""#,
    ] {
        assert_eq!(run(bad), Err(-8), "{bad}");
    }
    assert_eq!(host.calls.borrow().len(), 2);
}

#[test]
fn reporting_errors_puts_the_hosts_detail_in_the_output() {
    native::install(Stock::default());
    assert_eq!(
        run_reporting(r#"{"method":"inventory.v1.Stock/Reserve"}"#),
        r#"{"reservationId":"r-1","remaining":8}"#
    );
    assert_eq!(
        run_reporting(r#"{"method":"inventory.v1.Stock/Fail"}"#),
        r#"{"error":{"status":-9,"message":"inventory.v1.Stock/Fail","grpc_status":"FAILED_PRECONDITION"}}"#
    );
    // The guest's own refusal: the host's (older) detail does not describe it.
    assert_eq!(run_reporting(r#"{"method":"Echo"}"#), r#"{"error":{"status":-8}}"#);
}

#[test]
fn decimal_matches_display() {
    for n in [0, 7, -1, -10, 42, i32::MAX, i32::MIN] {
        assert_eq!(super::decimal(n), n.to_string());
    }
}
