//! Just enough JSON: reading the remote verdict and writing ours.

use vad_detector::Verdict;

/// The verdict this module reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Local(Verdict),
    Remote {
        verdict: Verdict,
        local_confidence: f64,
    },
    RemoteFailed {
        local: Verdict,
        remote_status: i32,
    },
}

impl Outcome {
    pub fn to_json(self) -> String {
        match self {
            Outcome::Local(v) => format!(
                r#"{{"is_speech":{},"confidence":{},"source":"local"}}"#,
                v.is_speech,
                fixed3(v.confidence)
            ),
            Outcome::Remote {
                verdict: v,
                local_confidence,
            } => format!(
                r#"{{"is_speech":{},"confidence":{},"source":"remote","local_confidence":{}}}"#,
                v.is_speech,
                fixed3(v.confidence),
                fixed3(local_confidence)
            ),
            Outcome::RemoteFailed {
                local: v,
                remote_status,
            } => format!(
                r#"{{"is_speech":{},"confidence":{},"source":"local","remote_status":{}}}"#,
                v.is_speech,
                fixed3(v.confidence),
                remote_status
            ),
        }
    }
}

/// A value in [0, 1] with exactly three decimals; anything else (NaN included) is clamped.
fn fixed3(value: f64) -> String {
    let value = if value > 0.0 { value.min(1.0) } else { 0.0 };
    let millis = (value * 1000.0).round() as u32;
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

/// Reads the top-level `"is_speech"` (boolean) and `"confidence"` (number, clamped to
/// [0, 1]) of a JSON object, skipping every other member whatever its type.
pub fn parse_remote_verdict(body: &[u8]) -> Option<Verdict> {
    let mut scanner = Scanner {
        bytes: body,
        pos: 0,
    };
    let mut is_speech = None;
    let mut confidence = None;
    scanner.expect(b'{')?;
    if scanner.peek()? == b'}' {
        return None;
    }
    loop {
        let key = scanner.string()?;
        scanner.expect(b':')?;
        match key {
            b"is_speech" => is_speech = Some(scanner.boolean()?),
            b"confidence" => confidence = Some(scanner.number()?),
            _ => scanner.skip_value()?,
        }
        match scanner.next()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    let confidence = confidence?.clamp(0.0, 1.0);
    Some(Verdict {
        is_speech: is_speech?,
        confidence,
    })
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// The next non-whitespace byte, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// The raw contents of a string, escapes left as they are.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.expect(b'"')?;
        let start = self.pos;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => break,
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        Some(&self.bytes[start..self.pos - 1])
    }

    /// The bytes of a literal or number, up to the next delimiter.
    fn atom(&mut self) -> Option<&'a [u8]> {
        self.peek()?;
        let start = self.pos;
        while let Some(byte) = self.bytes.get(self.pos) {
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.bytes[start..self.pos])
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.atom()? {
            b"true" => Some(true),
            b"false" => Some(false),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<f64> {
        let atom = self.atom()?;
        if !atom
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            return None;
        }
        let value: f64 = std::str::from_utf8(atom).ok()?.parse().ok()?;
        value.is_finite().then_some(value)
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
            }
            _ => self.atom().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_three_shapes() {
        let local = Verdict {
            is_speech: true,
            confidence: 0.8124,
        };
        assert_eq!(
            Outcome::Local(local).to_json(),
            r#"{"is_speech":true,"confidence":0.812,"source":"local"}"#
        );
        let remote = Verdict {
            is_speech: false,
            confidence: 0.1035,
        };
        assert_eq!(
            Outcome::Remote {
                verdict: remote,
                local_confidence: 0.4716
            }
            .to_json(),
            r#"{"is_speech":false,"confidence":0.104,"source":"remote","local_confidence":0.472}"#
        );
        let local = Verdict {
            is_speech: false,
            confidence: 0.472,
        };
        assert_eq!(
            Outcome::RemoteFailed {
                local,
                remote_status: -2
            }
            .to_json(),
            r#"{"is_speech":false,"confidence":0.472,"source":"local","remote_status":-2}"#
        );
    }

    #[test]
    fn three_decimals_at_the_edges() {
        assert_eq!(fixed3(0.0), "0.000");
        assert_eq!(fixed3(-0.0), "0.000");
        assert_eq!(fixed3(1.0), "1.000");
        assert_eq!(fixed3(0.9996), "1.000");
        assert_eq!(fixed3(0.05), "0.050");
        assert_eq!(fixed3(f64::NAN), "0.000");
    }

    #[test]
    fn reads_top_level_keys_only() {
        let body = br#" {
            "frames": [{"is_speech": false, "confidence": 0.0}, [1, 2, {"x": "}]"}]],
            "meta": {"confidence": 0.01, "note": "quote \" and brace }"},
            "is_speech" : true,
            "model": null,
            "confidence": 9.1e-1,
            "empty": {}
        } "#;
        assert_eq!(
            parse_remote_verdict(body),
            Some(Verdict {
                is_speech: true,
                confidence: 0.91
            })
        );
    }

    #[test]
    fn rejects_incomplete_or_malformed_answers() {
        for body in [
            &br#"{"is_speech":true}"#[..],
            br#"{"confidence":0.4}"#,
            br#"{"is_speech":"yes","confidence":0.4}"#,
            br#"{"is_speech":true,"confidence":"0.4"}"#,
            br#"{"is_speech":true,"confidence":0.4"#,
            br#"[{"is_speech":true,"confidence":0.4}]"#,
            br#"{}"#,
            b"",
            b"\xff\xfe",
        ] {
            assert_eq!(
                parse_remote_verdict(body),
                None,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn clamps_remote_confidence() {
        assert_eq!(
            parse_remote_verdict(br#"{"confidence":1.5,"is_speech":false}"#),
            Some(Verdict {
                is_speech: false,
                confidence: 1.0
            })
        );
    }
}
