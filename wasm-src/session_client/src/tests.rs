use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use hybrid_guest::{native, Status};

use super::{plain_call as plain, session_call as in_session};

/// The host as abi.md describes it: it remembers the session it opened per local id, and
/// forgets it when a call finds the server no longer has it. `live` is the server's side.
#[derive(Clone, Default)]
struct Host {
    remembered: Rc<RefCell<HashMap<String, usize>>>,
    live: Rc<RefCell<Vec<usize>>>,
    opened: Rc<Cell<usize>>,
}

impl native::Host for Host {
    fn call_remote_service(&mut self, service: &str, _: &[u8]) -> Result<Vec<u8>, Status> {
        Ok(format!("{service} without session").into_bytes())
    }

    fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
        Ok(())
    }

    fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
        let mut remembered = self.remembered.borrow_mut();
        let id = *remembered.entry(local_id.to_owned()).or_insert_with(|| {
            self.opened.set(self.opened.get() + 1);
            self.live.borrow_mut().push(self.opened.get());
            self.opened.get()
        });
        Ok(format!("s{id}"))
    }

    fn call_remote_in_session(&mut self, local_id: &str, _: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        let id = *self.remembered.borrow().get(local_id).ok_or(Status::SessionExpired)?;
        if !self.live.borrow().contains(&id) {
            self.remembered.borrow_mut().remove(local_id);
            return Err(Status::SessionExpired);
        }
        Ok([format!("s{id}:").as_bytes(), data].concat())
    }
}

#[test]
fn a_lost_session_is_reopened_once_and_the_call_carries_on() {
    let host = Host::default();
    native::install(host.clone());
    assert_eq!(in_session(b"conv\nCounter\nx").unwrap(), b"ok\ns1:x");
    assert_eq!(in_session(b"conv\nCounter\nx").unwrap(), b"ok\ns1:x");

    host.live.borrow_mut().clear();
    assert_eq!(in_session(b"conv\nCounter\ny").unwrap(), b"reopened\ns2:y");
    assert_eq!(in_session(b"conv\nCounter\nz").unwrap(), b"ok\ns2:z");
    assert_eq!(host.opened.get(), 2);
}

#[test]
fn plain_calls_carry_no_session_and_malformed_input_is_refused() {
    native::install(Host::default());
    assert_eq!(in_session(b"conv\nCounter\nx").unwrap(), b"ok\ns1:x");
    assert_eq!(plain(b"conv\nEcho\nabc").unwrap(), b"Echo without session");
    assert_eq!(in_session(b"no headers"), Err(Status::InvalidArgument));
}
