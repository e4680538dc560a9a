use std::cell::RefCell;
use std::rc::Rc;

use hybrid_guest::{native, Status};

use crate::{bad_utf8, call_service, call_service_raw, session_call, stream};

type Entry = unsafe extern "C" fn(*const u8, usize, *mut u8, *mut usize) -> i32;

#[derive(Clone, Default)]
struct Recorder {
    log: Rc<RefCell<Vec<String>>>,
}

impl Recorder {
    fn install() -> Rc<RefCell<Vec<String>>> {
        let recorder = Recorder::default();
        native::install(recorder.clone());
        recorder.log
    }
}

impl native::Host for Recorder {
    fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        self.log
            .borrow_mut()
            .push(format!("call {service} {}", data.len()));
        match service {
            "Echo" => Ok(data.to_vec()),
            "Upper" => Ok(data.to_ascii_uppercase()),
            _ => Err(Status::UnknownService),
        }
    }

    fn stream_to_remote(&mut self, service: &str, data: &[u8]) -> Result<(), Status> {
        self.log.borrow_mut().push(format!(
            "stream {service} {}",
            String::from_utf8_lossy(data)
        ));
        if data.contains(&b'!') {
            Err(Status::TooLarge)
        } else {
            Ok(())
        }
    }

    fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
        self.log.borrow_mut().push(format!("session {local_id}"));
        Ok(format!("remote-{local_id}"))
    }
}

fn call(entry: Entry, input: &[u8]) -> Result<Vec<u8>, i32> {
    let mut output = vec![0u8; 1 << 16];
    let mut len = output.len();
    let status = unsafe { entry(input.as_ptr(), input.len(), output.as_mut_ptr(), &mut len) };
    if status != 0 {
        return Err(status);
    }
    output.truncate(len);
    Ok(output)
}

#[test]
fn call_service_retries_large_results_once() {
    let log = Recorder::install();
    assert_eq!(
        call(call_service, b"Upper\nhello\nworld").unwrap(),
        b"HELLO\nWORLD"
    );
    let mut input = b"Echo\n".to_vec();
    input.extend((0..5000u32).map(|i| i as u8));
    assert_eq!(call(call_service, &input).unwrap(), &input[5..]);
    assert_eq!(*log.borrow(), ["call Upper 11", "call Echo 5000"]);
    assert_eq!(call(call_service, b"Nope\nx"), Err(-5));
    assert_eq!(call(call_service, b"no header"), Err(-8));
}

#[test]
fn call_service_raw_reports_the_needed_size() {
    let log = Recorder::install();
    assert_eq!(
        call(call_service_raw, b"Echo\n10\n12345").unwrap(),
        b"12345"
    );
    assert_eq!(
        call(call_service_raw, b"Echo\n4\n12345").unwrap(),
        b"needed=5;12345"
    );
    assert_eq!(call(call_service_raw, b"Echo\n0\n").unwrap(), b"");
    assert_eq!(
        call(call_service_raw, b"Echo\n0\nx").unwrap(),
        b"needed=1;x"
    );
    assert_eq!(log.borrow().len(), 4);
    assert_eq!(call(call_service_raw, b"Echo\nten\nx"), Err(-8));
    assert_eq!(call(call_service_raw, b"Nope\n10\nx"), Err(-5));
}

#[test]
fn stream_sends_chunks() {
    let log = Recorder::install();
    assert_eq!(call(stream, b"Sink\n4\nabcdefghij").unwrap(), b"3");
    assert_eq!(call(stream, b"Sink\n4\n").unwrap(), b"0");
    assert_eq!(
        *log.borrow(),
        ["stream Sink abcd", "stream Sink efgh", "stream Sink ij"]
    );
    assert_eq!(call(stream, b"Sink\n2\nab!dxx"), Err(-10));
    assert_eq!(log.borrow().len(), 5);
    assert_eq!(call(stream, b"Sink\n0\nabc"), Err(-8));
}

#[test]
fn session_call_prefixes_the_session() {
    let log = Recorder::install();
    assert_eq!(
        call(session_call, b"local-1\nUpper\nabc").unwrap(),
        b"remote-local-1\nABC"
    );
    assert_eq!(*log.borrow(), ["session local-1", "call Upper 3"]);
    native::uninstall();
    assert_eq!(call(session_call, b"local-1\nUpper\nabc"), Err(-2));
}

#[test]
fn bad_utf8_reports_invalid_argument() {
    Recorder::install();
    assert_eq!(call(bad_utf8, b"").unwrap(), b"-8");
}
