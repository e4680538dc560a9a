//! Several remote calls at once through the optional `call_remote_batch` import.

use crate::{call_remote_service, raw, Status, INITIAL_RESULT_CAPACITY};

/// One call of a batch: the service, its data, and how many result bytes to offer.
#[derive(Debug, Clone, Copy)]
pub struct BatchCall<'a> {
    pub service: &'a str,
    pub data: &'a [u8],
    pub capacity: usize,
}

/// One entry's answer as the host wrote it: on [`Status::BufferTooSmall`] `len` is the size
/// needed and `bytes` is empty; on other failures both are empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchAnswer {
    pub status: Status,
    pub len: usize,
    pub bytes: Vec<u8>,
}

/// The request layout of abi.md: `u32 count`, then per call `u32 name_len, name, u32
/// data_len, data, u32 result_capacity`, all little-endian.
pub fn encode_batch(calls: &[BatchCall<'_>]) -> Vec<u8> {
    let size = 4 + calls
        .iter()
        .map(|c| 12 + c.service.len() + c.data.len())
        .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&(calls.len() as u32).to_le_bytes());
    for call in calls {
        out.extend_from_slice(&(call.service.len() as u32).to_le_bytes());
        out.extend_from_slice(call.service.as_bytes());
        out.extend_from_slice(&(call.data.len() as u32).to_le_bytes());
        out.extend_from_slice(call.data);
        out.extend_from_slice(&(call.capacity as u32).to_le_bytes());
    }
    out
}

/// Sends `calls` at once and returns each one's answer, in order, exactly as the host gave it.
/// The error is the batch's own status (-8 malformed, -10 over the limits).
pub fn call_remote_batch_raw(calls: &[BatchCall<'_>]) -> Result<Vec<BatchAnswer>, Status> {
    let requests = encode_batch(calls);
    let room: usize = calls.iter().map(|c| 8 + c.capacity).sum();
    let mut results = vec![0u8; room];
    let mut len = room;
    let status = unsafe {
        raw::call_remote_batch(requests.as_ptr(), requests.len(), results.as_mut_ptr(), &mut len)
    };
    Status::check(status)?;
    let mut rest = results.get(..len).ok_or(Status::BufferTooSmall)?;
    let mut answers = Vec::with_capacity(calls.len());
    while rest.len() >= 8 {
        let status = Status::from_code(i32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]));
        let len = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let size = if status == Status::Ok { len } else { 0 };
        let bytes = rest.get(8..8 + size).ok_or(Status::InvalidArgument)?.to_vec();
        rest = &rest[8 + size..];
        answers.push(BatchAnswer { status, len, bytes });
    }
    Ok(answers)
}

/// Calls every `(service, data)` at once and returns each result, in order. Each call is
/// offered [`INITIAL_RESULT_CAPACITY`] bytes; a larger result is fetched by calling that
/// service once more on its own with the size needed (the remote work runs again).
pub fn call_remote_batch(calls: &[(&str, &[u8])]) -> Result<Vec<Result<Vec<u8>, Status>>, Status> {
    let batch: Vec<BatchCall<'_>> = calls
        .iter()
        .map(|&(service, data)| BatchCall { service, data, capacity: INITIAL_RESULT_CAPACITY })
        .collect();
    let answers = call_remote_batch_raw(&batch)?;
    Ok(answers
        .into_iter()
        .zip(calls)
        .map(|(answer, &(service, data))| match answer.status {
            Status::Ok => Ok(answer.bytes),
            Status::BufferTooSmall => call_remote_service(service, data),
            error => Err(error),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native;

    struct Echo;

    impl native::Host for Echo {
        fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
            match service {
                "Echo" => Ok(data.to_vec()),
                _ => Err(Status::UnknownService),
            }
        }

        fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
            Ok(())
        }

        fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
            Ok(local_id.to_owned())
        }
    }

    #[test]
    fn each_entry_has_its_own_answer() {
        native::install(Echo);
        let big = vec![7u8; 3000];
        let answers = call_remote_batch_raw(&[
            BatchCall { service: "Echo", data: b"abc", capacity: 8 },
            BatchCall { service: "Nope", data: b"x", capacity: 8 },
            BatchCall { service: "Echo", data: &big, capacity: 16 },
        ])
        .unwrap();
        assert_eq!(answers[0], BatchAnswer { status: Status::Ok, len: 3, bytes: b"abc".to_vec() });
        assert_eq!(answers[1], BatchAnswer { status: Status::UnknownService, len: 0, bytes: vec![] });
        assert_eq!(answers[2], BatchAnswer { status: Status::BufferTooSmall, len: 3000, bytes: vec![] });
        let results = call_remote_batch(&[("Echo", b"hi"), ("Echo", &big), ("Nope", b"")]).unwrap();
        assert_eq!(results, vec![Ok(b"hi".to_vec()), Ok(big.clone()), Err(Status::UnknownService)]);
    }

    #[test]
    fn a_malformed_batch_is_an_invalid_argument() {
        native::install(Echo);
        let mut requests = encode_batch(&[BatchCall { service: "Echo", data: b"abc", capacity: 8 }]);
        requests.pop();
        let mut len = 64usize;
        let status = unsafe {
            raw::call_remote_batch(requests.as_ptr(), requests.len(), [0u8; 64].as_mut_ptr(), &mut len)
        };
        assert_eq!(status, -8);
    }
}
