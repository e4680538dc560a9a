use std::cell::Cell;
use std::rc::Rc;

use hybrid_guest::{native, Status};

use crate::vad::{self, FRAME_LEN};
use crate::{process, process_with_remote, signals, REMOTE_SERVICE};

type Entry = unsafe extern "C" fn(*const u8, usize, *mut u8, *mut usize) -> i32;

fn pcm(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn call(entry: Entry, input: &[u8]) -> Result<String, i32> {
    let mut output = vec![0u8; 256];
    let mut len = output.len();
    let status = unsafe { entry(input.as_ptr(), input.len(), output.as_mut_ptr(), &mut len) };
    if status != 0 {
        return Err(status);
    }
    output.truncate(len);
    Ok(String::from_utf8(output).unwrap())
}

/// Answers with a fixed result and counts the calls.
#[derive(Clone)]
struct RemoteVad {
    answer: Result<&'static str, Status>,
    calls: Rc<Cell<usize>>,
}

impl RemoteVad {
    fn install(answer: Result<&'static str, Status>) -> Rc<Cell<usize>> {
        let calls = Rc::new(Cell::new(0));
        native::install(RemoteVad {
            answer,
            calls: calls.clone(),
        });
        calls
    }
}

impl native::Host for RemoteVad {
    fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        assert_eq!(service, REMOTE_SERVICE);
        assert_eq!(data.len(), 64_000);
        self.calls.set(self.calls.get() + 1);
        self.answer.map(|body| body.as_bytes().to_vec())
    }

    fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
        unreachable!()
    }

    fn get_remote_session(&mut self, _: &str) -> Result<String, Status> {
        unreachable!()
    }
}

#[test]
fn calibration() {
    let speech = vad::detect(&signals::speech_like());
    let silence = vad::detect(&signals::silence());
    let noise = vad::detect(&signals::ambiguous_noise());
    println!("speech-like {speech:?}\nsilence {silence:?}\nambiguous noise {noise:?}");
    assert!(speech.is_speech && speech.confidence > 0.75, "{speech:?}");
    assert!(
        !silence.is_speech && silence.confidence < 0.15,
        "{silence:?}"
    );
    assert!(
        noise.confidence > 0.35 && noise.confidence < 0.65,
        "{noise:?}"
    );
}

#[test]
fn generator_is_the_documented_one() {
    let mut rng = signals::Rng::new(42);
    assert_eq!(rng.next_u64(), 0x56CE_4AB7_719B_A3A0);
    let speech = signals::speech_like();
    assert_eq!(speech.len(), 16_000);
    let peak = speech.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!((peak - 0.3).abs() < 0.01, "{peak}");
}

#[test]
fn digital_silence_and_hum_are_not_speech() {
    assert_eq!(vad::detect(&[0.0; 16_000]).confidence, 0.0);
    let hum: Vec<f32> = (0..16_000)
        .map(|n| 0.001 * (n as f32 * 0.0314).sin())
        .collect();
    assert!(vad::detect(&hum).confidence < 0.15);
}

#[test]
fn short_and_ragged_inputs() {
    let speech = signals::speech_like();
    assert!(vad::detect(&speech[3000..3100]).is_speech);
    let ragged = &speech[..FRAME_LEN * 10 + 10];
    assert_eq!(vad::detect(ragged), vad::detect(&speech[..FRAME_LEN * 10]));
}

#[test]
fn process_reports_locally() {
    let calls = RemoteVad::install(Err(Status::RemoteError));
    let out = call(process, &pcm(&signals::speech_like())).unwrap();
    assert_eq!(
        out,
        r#"{"is_speech":true,"confidence":0.881,"source":"local"}"#
    );
    let out = call(process, &pcm(&signals::ambiguous_noise())).unwrap();
    assert_eq!(
        out,
        r#"{"is_speech":false,"confidence":0.470,"source":"local"}"#
    );
    assert_eq!(calls.get(), 0);
}

#[test]
fn invalid_pcm_is_rejected() {
    assert_eq!(call(process, &[0, 0, 0]), Err(-8));
    assert_eq!(call(process_with_remote, &[0, 0, 0, 0, 0]), Err(-8));
    assert_eq!(call(process, &pcm(&[0.1, f32::NAN])), Err(-8));
    assert_eq!(call(process, &pcm(&[f32::INFINITY])), Err(-8));
}

#[test]
fn empty_input_is_not_speech() {
    let expected = r#"{"is_speech":false,"confidence":0.000,"source":"local"}"#;
    assert_eq!(call(process, b"").unwrap(), expected);
    assert_eq!(call(process_with_remote, b"").unwrap(), expected);
}

#[test]
fn confident_verdicts_stay_local() {
    let calls = RemoteVad::install(Ok(r#"{"is_speech":false,"confidence":0.0}"#));
    let out = call(process_with_remote, &pcm(&signals::speech_like())).unwrap();
    assert_eq!(
        out,
        r#"{"is_speech":true,"confidence":0.881,"source":"local"}"#
    );
    let out = call(process_with_remote, &pcm(&signals::silence())).unwrap();
    assert_eq!(
        out,
        r#"{"is_speech":false,"confidence":0.000,"source":"local"}"#
    );
    assert_eq!(calls.get(), 0);
}

#[test]
fn inconclusive_verdicts_ask_the_remote() {
    let calls = RemoteVad::install(Ok(
        r#"{"frames":[{"is_speech":true,"confidence":1}],"is_speech":false,"confidence":0.1035,"model":"silero"}"#,
    ));
    let out = call(process_with_remote, &pcm(&signals::ambiguous_noise())).unwrap();
    assert_eq!(
        out,
        r#"{"is_speech":false,"confidence":0.104,"source":"remote","local_confidence":0.470}"#
    );
    assert_eq!(calls.get(), 1);
}

#[test]
fn remote_failures_fall_back_to_the_local_verdict() {
    let noise = pcm(&signals::ambiguous_noise());
    RemoteVad::install(Err(Status::ServiceUnavailable));
    assert_eq!(
        call(process_with_remote, &noise).unwrap(),
        r#"{"is_speech":false,"confidence":0.470,"source":"local","remote_status":-2}"#
    );
    RemoteVad::install(Ok("not json"));
    assert_eq!(
        call(process_with_remote, &noise).unwrap(),
        r#"{"is_speech":false,"confidence":0.470,"source":"local","remote_status":-9}"#
    );
}
