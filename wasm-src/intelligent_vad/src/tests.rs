use std::cell::Cell;
use std::rc::Rc;

use hybrid_guest::{native, Status};

use vad_detector::features;
use vad_detector::vad::{self, Verdict};

use crate::{
    context, process, process_with_remote, signals, split_header, split_stream, Band, BAND_MAGIC,
    DEFAULT_BAND, MAX_STREAM_ID, REMOTE_SERVICE, STREAM_MAGIC,
};

type Entry = unsafe extern "C" fn(*const u8, usize, *mut u8, *mut usize) -> i32;

fn pcm(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

fn with_band(lo: f32, hi: f32, pcm: &[u8]) -> Vec<u8> {
    let mut input = BAND_MAGIC.to_vec();
    input.extend_from_slice(&lo.to_le_bytes());
    input.extend_from_slice(&hi.to_le_bytes());
    input.extend_from_slice(pcm);
    input
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

/// The JSON the guest writes for a local verdict.
fn local_json(v: Verdict) -> String {
    format!(
        r#"{{"is_speech":{},"confidence":{:.3},"source":"local"}}"#,
        v.is_speech, v.confidence
    )
}

/// Answers with a fixed result and counts the calls.
#[derive(Clone)]
struct RemoteVad {
    answer: Result<&'static str, Status>,
    calls: Rc<Cell<usize>>,
    expected_len: usize,
}

impl RemoteVad {
    fn install(answer: Result<&'static str, Status>, expected_len: usize) -> Rc<Cell<usize>> {
        let calls = Rc::new(Cell::new(0));
        native::install(RemoteVad {
            answer,
            calls: calls.clone(),
            expected_len,
        });
        calls
    }
}

impl native::Host for RemoteVad {
    fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        assert_eq!(service, REMOTE_SERVICE);
        assert_eq!(
            data.len(),
            self.expected_len,
            "the remote gets the PCM without the header"
        );
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

const HALF_SECOND: usize = 8_000;

/// 1 s of espeak-ng speech (see `tests-data/README.md`).
fn espeak() -> Vec<f32> {
    include_bytes!("../tests-data/espeak-seven-hundred.s16")
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect()
}

#[test]
fn speech_is_confidently_speech() {
    let speech = espeak();
    let whole = vad::detect(&speech);
    assert!(whole.is_speech && whole.confidence >= 0.7, "{whole:?}");
    for half in speech.chunks(HALF_SECOND) {
        let v = vad::detect(half);
        assert!(v.is_speech && v.confidence >= 0.7, "{v:?}");
    }
    // a formant-like synthetic signal is no person: speech, but it may land in the band
    let synthetic = vad::detect(&signals::speech_like());
    assert!(synthetic.is_speech, "speech-like: {synthetic:?}");
}

#[test]
fn silence_and_stationary_noise_are_confidently_not_speech() {
    for (name, samples) in [
        ("digital silence", vec![0.0; 16_000]),
        ("-80 dBFS noise", signals::silence()),
        ("-30 dBFS white noise", signals::ambiguous_noise()),
        ("-10 dBFS white noise", signals::white_noise(0.3)),
    ] {
        let v = vad::detect(&samples);
        assert!(!v.is_speech && v.confidence <= 0.3, "{name}: {v:?}");
    }
}

#[test]
fn speech_is_speech_from_quiet_to_loud() {
    // the espeak excerpt is at -22 dBFS RMS: this spans -42 to -12 dBFS
    let speech = espeak();
    for gain in [0.1f32, 0.3, 1.0, 3.0] {
        let scaled: Vec<f32> = speech.iter().map(|s| s * gain).collect();
        let v = vad::detect(&scaled);
        assert!(v.is_speech && v.confidence >= 0.7, "gain {gain}: {v:?}");
    }
}

#[test]
fn speech_in_noise_is_speech() {
    let speech = espeak();
    // white noise 10 dB below the speech
    let noise = signals::white_noise(0.026);
    let mixed: Vec<f32> = speech.iter().zip(&noise).map(|(s, n)| s + n).collect();
    let v = vad::detect(&mixed);
    assert!(v.is_speech, "{v:?}");
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
fn short_and_odd_inputs_give_a_verdict() {
    let speech = signals::speech_like();
    for len in [1, 100, 511, 512, 513, 3000] {
        let v = vad::detect(&speech[4000..4000 + len]);
        assert!((0.0..=1.0).contains(&v.confidence), "{len}: {v:?}");
    }
    assert_eq!(vad::detect(&[]).confidence, 0.0);
    let loud = vec![1e30f32; 8000];
    let v = vad::detect(&loud);
    assert!((0.0..=1.0).contains(&v.confidence), "{v:?}");
}

#[test]
fn features_are_finite_and_named() {
    assert_eq!(features::NAMES.len(), features::COUNT);
    for samples in [
        signals::speech_like(),
        signals::silence(),
        vec![0.0; 8000],
        vec![0.5; 8000],
    ] {
        let f = features::chunk_features(&samples).unwrap();
        assert!(f.iter().all(|x| x.is_finite()), "{f:?}");
    }
    assert!(features::chunk_features(&[]).is_none());
}

#[test]
fn harmonicity_separates_voiced_speech_from_noise() {
    let speech = espeak();
    let noise = signals::ambiguous_noise();
    let voiced = features::chunk_features(&speech).unwrap()[8];
    let unvoiced = features::chunk_features(&noise).unwrap()[8];
    assert_eq!(features::NAMES[8], "voiced_share");
    assert!(voiced > 0.5 && unvoiced < 0.1, "{voiced} {unvoiced}");
}

#[test]
fn fast_log_is_close_to_libm() {
    for x in [1e-10f32, 1e-3, 0.5, 1.0, 1.5, 2.0, 3.7, 1e4, 3e20] {
        assert!((features::ln(x) - x.ln()).abs() < 1e-4, "{x}");
    }
}

#[test]
fn band_header_is_parsed_and_validated() {
    let body = pcm(&[0.1, 0.2]);
    assert_eq!(split_header(&body), Ok((DEFAULT_BAND, &body[..])));
    let input = with_band(0.2, 0.9, &body);
    assert_eq!(
        split_header(&input),
        Ok((Band { lo: 0.2, hi: 0.9 }, &body[..]))
    );
    assert_eq!(
        split_header(&with_band(0.5, 0.5, &[])),
        Ok((Band { lo: 0.5, hi: 0.5 }, &[][..]))
    );
    for (lo, hi) in [
        (0.8, 0.2),
        (f32::NAN, 0.5),
        (0.1, f32::INFINITY),
        (f32::NEG_INFINITY, 0.5),
    ] {
        assert_eq!(
            split_header(&with_band(lo, hi, &body)),
            Err(Status::InvalidArgument),
            "{lo} {hi}"
        );
    }
    assert_eq!(
        split_header(&with_band(0.2, 0.9, &[])[..11]),
        Err(Status::InvalidArgument)
    );
    assert_eq!(split_header(&BAND_MAGIC), Err(Status::InvalidArgument));
}

#[test]
fn band_logic_is_strict() {
    let band = Band { lo: 0.3, hi: 0.7 };
    assert!(!band.is_inconclusive(0.3) && band.is_inconclusive(0.31) && !band.is_inconclusive(0.7));
    let all = Band { lo: -1.0, hi: 2.0 };
    assert!(all.is_inconclusive(0.0) && all.is_inconclusive(1.0));
    let none = Band { lo: 0.5, hi: 0.5 };
    assert!(!none.is_inconclusive(0.5));
}

#[test]
fn process_reports_locally_and_ignores_the_band() {
    let calls = RemoteVad::install(Err(Status::RemoteError), 0);
    let speech = pcm(&espeak());
    let expected = local_json(vad::detect(&espeak()));
    assert_eq!(call(process, &speech).unwrap(), expected);
    assert_eq!(
        call(process, &with_band(-1.0, 2.0, &speech)).unwrap(),
        expected
    );
    assert_eq!(call(process, &with_band(0.9, 0.1, &speech)), Err(-8));
    assert_eq!(calls.get(), 0);
}

#[test]
fn invalid_pcm_is_rejected() {
    assert_eq!(call(process, &[0, 0, 0]), Err(-8));
    assert_eq!(call(process_with_remote, &[0, 0, 0, 0, 0]), Err(-8));
    assert_eq!(call(process, &pcm(&[0.1, f32::NAN])), Err(-8));
    assert_eq!(call(process, &pcm(&[f32::INFINITY])), Err(-8));
    assert_eq!(
        call(process_with_remote, &with_band(0.3, 0.7, &[0, 0])),
        Err(-8)
    );
    assert_eq!(
        call(process_with_remote, &BAND_MAGIC[..3]),
        Err(-8),
        "too short for a header or a sample"
    );
}

#[test]
fn empty_input_is_not_speech() {
    let expected = r#"{"is_speech":false,"confidence":0.000,"source":"local"}"#;
    assert_eq!(call(process, b"").unwrap(), expected);
    assert_eq!(call(process_with_remote, b"").unwrap(), expected);
    assert_eq!(
        call(process_with_remote, &with_band(0.3, 0.7, &[])).unwrap(),
        expected
    );
}

#[test]
fn confident_verdicts_stay_local() {
    let calls = RemoteVad::install(Ok(r#"{"is_speech":false,"confidence":0.0}"#), 64_000);
    for samples in [espeak(), signals::silence()] {
        let out = call(process_with_remote, &pcm(&samples)).unwrap();
        assert_eq!(out, local_json(vad::detect(&samples)));
    }
    assert_eq!(calls.get(), 0);
}

#[test]
fn the_band_decides_who_answers() {
    let calls = RemoteVad::install(
        Ok(
            r#"{"frames":[{"is_speech":true,"confidence":1}],"is_speech":false,"confidence":0.1035,"model":"silero"}"#,
        ),
        64_000,
    );
    let speech = espeak();
    let local = vad::detect(&speech);
    let out = call(process_with_remote, &with_band(-1.0, 2.0, &pcm(&speech))).unwrap();
    assert_eq!(
        out,
        format!(
            r#"{{"is_speech":false,"confidence":0.104,"source":"remote","local_confidence":{:.3}}}"#,
            local.confidence
        )
    );
    assert_eq!(calls.get(), 1);
    // a band just around the local confidence asks; one just beside it does not
    let c = local.confidence as f32;
    call(
        process_with_remote,
        &with_band(c - 0.01, c + 0.01, &pcm(&speech)),
    )
    .unwrap();
    assert_eq!(calls.get(), 2);
    let out = call(
        process_with_remote,
        &with_band(c + 0.01, 2.0, &pcm(&speech)),
    )
    .unwrap();
    assert_eq!(out, local_json(local));
    assert_eq!(calls.get(), 2);
}

#[test]
fn remote_failures_fall_back_to_the_local_verdict() {
    let speech = espeak();
    let local = vad::detect(&speech);
    let input = with_band(-1.0, 2.0, &pcm(&speech));
    let expected = |status: i32| {
        format!(
            r#"{{"is_speech":{},"confidence":{:.3},"source":"local","remote_status":{status}}}"#,
            local.is_speech, local.confidence
        )
    };
    RemoteVad::install(Err(Status::ServiceUnavailable), 64_000);
    assert_eq!(call(process_with_remote, &input).unwrap(), expected(-2));
    RemoteVad::install(Ok("not json"), 64_000);
    assert_eq!(call(process_with_remote, &input).unwrap(), expected(-9));
}

fn with_stream(id: &str, rest: &[u8]) -> Vec<u8> {
    let mut input = STREAM_MAGIC.to_vec();
    input.extend_from_slice(&(id.len() as u32).to_le_bytes());
    input.extend_from_slice(id.as_bytes());
    input.resize(8 + (id.len() + 3) / 4 * 4, 0);
    input.extend_from_slice(rest);
    input
}

/// A host keeping sessions the way the real one does: a call naming an id without an open
/// session is SESSION_EXPIRED; `lose` forgets them all, as a server restart does.
#[derive(Default)]
struct SessionLog {
    open: Vec<String>,
    opened: Vec<String>,
    in_session: Vec<(String, usize)>,
    payloads: Vec<Vec<u8>>,
    fail_next: Option<Status>,
    plain: usize,
}

struct SessionVad(Rc<std::cell::RefCell<SessionLog>>);

impl native::Host for SessionVad {
    fn call_remote_service(&mut self, service: &str, _: &[u8]) -> Result<Vec<u8>, Status> {
        assert_eq!(service, REMOTE_SERVICE);
        self.0.borrow_mut().plain += 1;
        Ok(br#"{"is_speech":false,"confidence":0.2}"#.to_vec())
    }

    fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
        unreachable!()
    }

    fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
        let mut log = self.0.borrow_mut();
        log.open.push(local_id.to_string());
        log.opened.push(local_id.to_string());
        Ok(format!("server-{local_id}"))
    }

    fn call_remote_in_session(&mut self, id: &str, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
        assert_eq!(service, REMOTE_SERVICE);
        let mut log = self.0.borrow_mut();
        if !log.open.iter().any(|s| s == id) {
            return Err(Status::SessionExpired);
        }
        if let Some(status) = log.fail_next.take() {
            return Err(status);
        }
        log.in_session.push((id.to_string(), data.len()));
        log.payloads.push(data.to_vec());
        Ok(br#"{"is_speech":true,"confidence":0.9}"#.to_vec())
    }
}

fn install_sessions() -> Rc<std::cell::RefCell<SessionLog>> {
    let log = Rc::new(std::cell::RefCell::new(SessionLog::default()));
    native::install(SessionVad(log.clone()));
    log
}

#[test]
fn stream_header_is_parsed_and_validated() {
    let pcm = pcm(&[0.5; 4]);
    let padded = with_stream("clip-7", &pcm);
    assert_eq!(split_stream(&padded).unwrap(), (Some("clip-7"), &pcm[..]));
    let unpadded = with_stream("abcd", &pcm);
    assert_eq!(unpadded.len(), 12 + pcm.len(), "no padding at a multiple of four");
    assert_eq!(split_stream(&unpadded).unwrap(), (Some("abcd"), &pcm[..]));
    assert_eq!(split_stream(&pcm).unwrap(), (None, &pcm[..]));
    let bad_utf8 = {
        let mut input = with_stream("ab", &pcm);
        input[8] = 0xFF;
        input
    };
    let too_long = "x".repeat(MAX_STREAM_ID + 1);
    for (what, input) in [
        ("empty id", with_stream("", &pcm)),
        ("id too long", with_stream(&too_long, &pcm)),
        ("truncated id", with_stream("clip-7", &[])[..12].to_vec()),
        ("truncated length", STREAM_MAGIC.to_vec()),
        ("not UTF-8", bad_utf8),
    ] {
        assert_eq!(split_stream(&input), Err(Status::InvalidArgument), "{what}");
        assert_eq!(call(process_with_remote, &input), Err(-8), "{what}");
    }
    assert_eq!(split_stream(&with_stream(&"y".repeat(MAX_STREAM_ID), &pcm)).unwrap().1, &pcm[..]);
}

#[test]
fn a_stream_is_judged_in_its_own_session() {
    let log = install_sessions();
    let speech = pcm(&espeak()[..HALF_SECOND]);
    let always = |id: &str| with_stream(id, &with_band(-1.0, 2.0, &speech));
    for id in ["clip-a", "clip-a", "clip-b", "clip-a"] {
        let out = call(process_with_remote, &always(id)).unwrap();
        assert!(out.starts_with(r#"{"is_speech":true,"confidence":0.900,"source":"remote""#), "{out}");
    }
    {
        let log = log.borrow();
        assert_eq!(log.opened, ["clip-a", "clip-b"], "one session per stream, opened on first use");
        let ids: Vec<&str> = log.in_session.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["clip-a", "clip-a", "clip-b", "clip-a"]);
        assert!(log.in_session.iter().all(|(_, len)| *len == speech.len()), "the PCM without headers");
        assert_eq!(log.plain, 0);
    }
    // the host lost the sessions (server restarted): the stream reopens and goes on
    log.borrow_mut().open.clear();
    call(process_with_remote, &always("clip-a")).unwrap();
    assert_eq!(log.borrow().opened, ["clip-a", "clip-b", "clip-a"]);
    // without a stream header the call stays stateless; `process` ignores the header
    call(process_with_remote, &with_band(-1.0, 2.0, &speech)).unwrap();
    assert_eq!(log.borrow().plain, 1);
    let local = call(process, &always("clip-a")).unwrap();
    assert_eq!(local, local_json(vad::detect(&espeak()[..HALF_SECOND])));
    assert_eq!(log.borrow().in_session.len(), 5);
}

/// Half a second of a constant `value`: chunks told apart by their samples.
fn marked(value: f32) -> Vec<u8> {
    pcm(&[value; HALF_SECOND])
}

fn context_of(payload: &[u8]) -> Option<&[u8]> {
    if !payload.starts_with(&context::CONTEXT_MAGIC) {
        return None;
    }
    let n = u32::from_le_bytes([payload[4], payload[5], payload[6], payload[7]]) as usize;
    Some(&payload[8..8 + 4 * n])
}

#[test]
fn a_stream_sends_its_session_what_it_has_not_heard() {
    let log = install_sessions();
    let local = |id: &str, v: f32| call(process_with_remote, &with_stream(id, &with_band(0.5, 0.5, &marked(v)))).unwrap();
    let ask = |id: &str, v: f32| call(process_with_remote, &with_stream(id, &with_band(-1.0, 2.0, &marked(v)))).unwrap();
    let last = || log.borrow().payloads.last().cloned().unwrap();
    ask("a", 0.01);
    assert_eq!(last(), marked(0.01), "the first chunk has nothing before it");
    local("a", 0.02);
    local("b", 0.5);
    local("a", 0.03);
    ask("a", 0.04);
    let payload = last();
    assert_eq!(context_of(&payload).unwrap(), [marked(0.02), marked(0.03)].concat(), "the stream's own unheard chunks");
    assert!(payload.ends_with(&marked(0.04)));
    ask("a", 0.05);
    assert_eq!(last(), marked(0.05), "heard just now: no context");

    for v in 1..=6 {
        local("a", v as f32 / 100.0);
    }
    ask("a", 0.07);
    let kept: Vec<u8> = (3..=6).flat_map(|v| marked(v as f32 / 100.0)).collect();
    assert_eq!(context::CONTEXT_SAMPLES, 4 * HALF_SECOND, "this test counts in half seconds");
    assert_eq!(context_of(&last()).unwrap(), kept, "the latest 2 s only");

    local("a", 0.08);
    log.borrow_mut().fail_next = Some(Status::ServiceUnavailable);
    let out = ask("a", 0.09);
    assert!(out.contains(r#""source":"local""#), "{out}");
    ask("a", 0.10);
    assert_eq!(context_of(&last()).unwrap(), [marked(0.08), marked(0.09)].concat(),
        "what a refused call carried is still unheard");
    local("a", 0.11);
    log.borrow_mut().fail_next = Some(Status::Timeout);
    ask("a", 0.12);
    ask("a", 0.13);
    assert_eq!(last(), marked(0.13), "a timed-out call may have been heard: not sent again");
    ask("b", 0.6);
    assert_eq!(context_of(&last()).unwrap(), marked(0.5));
}

#[test]
fn unheard_audio_is_kept_for_the_latest_streams_only() {
    let log = install_sessions();
    for s in 0..=context::MAX_STREAMS {
        call(process_with_remote, &with_stream(&format!("s{s}"), &with_band(0.5, 0.5, &marked(0.1)))).unwrap();
    }
    let asked = |id: &str| {
        call(process_with_remote, &with_stream(id, &with_band(-1.0, 2.0, &marked(0.2)))).unwrap();
        log.borrow().payloads.last().cloned().unwrap()
    };
    assert_eq!(asked("s0"), marked(0.2), "the least recently used stream was forgotten");
    assert_eq!(context_of(&asked("s1")).unwrap(), marked(0.1));
    assert_eq!(context_of(&asked(&format!("s{}", context::MAX_STREAMS))).unwrap(), marked(0.1));
}
