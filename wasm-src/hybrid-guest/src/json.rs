//! Just enough JSON for guests that route requests: the raw text of a top-level member and
//! the value of a string. Guests that call gRPC methods by name send and receive JSON; this
//! lets them pick a field out of an input or a response without a JSON library.
//!
//! ```
//! use hybrid_guest::json;
//!
//! let doc = br#"{"method":"inventory.v1.Stock/Reserve","request":{"sku":"A-1","quantity":2}}"#;
//! let method = json::member(doc, "method").and_then(json::string);
//! assert_eq!(method.as_deref(), Some("inventory.v1.Stock/Reserve"));
//! assert_eq!(json::member(doc, "request"), Some(&br#"{"sku":"A-1","quantity":2}"#[..]));
//! ```

/// The raw text of member `key` of the JSON object `doc` (the first one, if repeated), or
/// `None` when `doc` has no such member or is not one object. Nested objects are not
/// searched. The scan checks structure (brackets, strings, separators), not every JSON rule:
/// the host validates what it transcodes. To read several members, [`members`] scans once.
pub fn member<'a>(doc: &'a [u8], key: &str) -> Option<&'a [u8]> {
    members(doc)?
        .into_iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value)
}

/// Every top-level member of the JSON object `doc`, in order: the name (escapes resolved)
/// and the raw text of the value; `None` when `doc` is not one object (same checks as
/// [`member`]).
pub fn members(doc: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let mut p = Parser { doc, at: 0 };
    p.expect(b'{')?;
    let mut found = Vec::new();
    if p.peek()? == b'}' {
        p.at += 1;
    } else {
        loop {
            let name = string(p.string()?)?;
            p.expect(b':')?;
            p.whitespace();
            let start = p.at;
            p.value()?;
            found.push((name, &doc[start..p.at]));
            match p.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
    }
    p.whitespace();
    (p.at == doc.len()).then_some(found)
}

/// The raw text of each element of the JSON array `doc`, or `None` when `doc` is not one
/// array (same structural checks as [`member`]).
pub fn elements(doc: &[u8]) -> Option<Vec<&[u8]>> {
    let mut p = Parser { doc, at: 0 };
    p.expect(b'[')?;
    let mut found = Vec::new();
    if p.peek()? == b']' {
        p.at += 1;
    } else {
        loop {
            p.whitespace();
            let start = p.at;
            p.value()?;
            found.push(&doc[start..p.at]);
            match p.next()? {
                b',' => continue,
                b']' => break,
                _ => return None,
            }
        }
    }
    p.whitespace();
    (p.at == doc.len()).then_some(found)
}

/// The value of the JSON string literal `raw` (quotes included), escapes resolved; `None`
/// when `raw` is not exactly one well-formed string.
pub fn string(raw: &[u8]) -> Option<String> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let byte = inner[i];
        i += 1;
        match byte {
            b'"' | 0..=0x1f => return None,
            b'\\' => {
                let escape = *inner.get(i)?;
                i += 1;
                let decoded = match escape {
                    b'"' | b'\\' | b'/' => escape as char,
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let high = hex4(inner.get(i..i + 4)?)?;
                        i += 4;
                        let code = if (0xD800..0xDC00).contains(&high) {
                            let low = match inner.get(i..i + 6)? {
                                [b'\\', b'u', digits @ ..] => hex4(digits)?,
                                _ => return None,
                            };
                            if !(0xDC00..0xE000).contains(&low) {
                                return None;
                            }
                            i += 6;
                            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            high
                        };
                        char::from_u32(code)?
                    }
                    _ => return None,
                };
                let mut utf8 = [0u8; 4];
                out.extend_from_slice(decoded.encode_utf8(&mut utf8).as_bytes());
            }
            _ => out.push(byte),
        }
    }
    String::from_utf8(out).ok()
}

fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc * 16 + v)
    })
}

struct Parser<'a> {
    doc: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn whitespace(&mut self) {
        while matches!(self.doc.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.whitespace();
        self.doc.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// A string literal, quotes included; escapes are only skipped here.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.whitespace();
        let start = self.at;
        if self.doc.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        loop {
            let rest = self.doc.get(self.at..)?;
            self.at += rest.iter().position(|&b| b == b'"' || b == b'\\')?;
            if self.doc[self.at] == b'"' {
                break;
            }
            self.at += 2;
        }
        self.at += 1;
        Some(&self.doc[start..self.at])
    }

    /// Skips one value of any kind, checking that brackets nest and strings are closed.
    fn value(&mut self) -> Option<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    open.push(self.doc[self.at]);
                    self.at += 1;
                    continue;
                }
                b'}' | b']' => {
                    let close = self.doc[self.at];
                    let expected = if open.pop()? == b'{' { b'}' } else { b']' };
                    if close != expected {
                        return None;
                    }
                    self.at += 1;
                }
                b',' | b':' if !open.is_empty() => {
                    self.at += 1;
                    continue;
                }
                _ => {
                    let start = self.at;
                    while matches!(self.doc.get(self.at),
                        Some(b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E'))
                    {
                        self.at += 1;
                    }
                    if self.at == start {
                        return None;
                    }
                }
            }
            if open.is_empty() {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{elements, member, members, string};

    #[test]
    fn finds_top_level_members_only() {
        let doc = br#" { "a" : {"method":"inner"} , "method":"outer", "n": -1.5e3, "l":[1,{"x":[]}], "t":true } "#;
        assert_eq!(member(doc, "method"), Some(&br#""outer""#[..]));
        assert_eq!(member(doc, "a"), Some(&br#"{"method":"inner"}"#[..]));
        assert_eq!(member(doc, "n"), Some(&b"-1.5e3"[..]));
        assert_eq!(member(doc, "l"), Some(&br#"[1,{"x":[]}]"#[..]));
        assert_eq!(member(doc, "t"), Some(&b"true"[..]));
        assert_eq!(member(doc, "x"), None);
        assert_eq!(member(b"{}", "x"), None);
        assert_eq!(member(br#"{"a":1,"a":2}"#, "a"), Some(&b"1"[..]));
        assert_eq!(member(br#"{"m\u0065thod":"x"}"#, "method"), Some(&br#""x""#[..]));
    }

    #[test]
    fn lists_members_in_order() {
        let doc = br#"{"b":[1], "a\u0041":"x", "b":2}"#;
        let names: Vec<(String, &[u8])> = vec![
            ("b".to_owned(), b"[1]"),
            ("aA".to_owned(), br#""x""#),
            ("b".to_owned(), b"2"),
        ];
        assert_eq!(members(doc), Some(names));
        assert_eq!(members(b" { } "), Some(vec![]));
        assert_eq!(members(br#"{"a":1,}"#), None);
        assert_eq!(members(br#"{"\x":1}"#), None, "a name must be a valid string");
    }

    #[test]
    fn rejects_what_is_not_one_object() {
        for doc in [
            &b""[..],
            b"[]",
            b"\"s\"",
            br#"{"a":1"#,
            br#"{"a":1,}"#,
            br#"{"a":1} x"#,
            br#"{"a":[1}"#,
            br#"{"a":{"b":1]}"#,
            br#"{"a" 1}"#,
            br#"{"a":}"#,
            br#"{"a":"unterminated}"#,
            br#"{a:1}"#,
            br#"{"a":1}{"#,
        ] {
            assert_eq!(member(doc, "a"), None, "{}", String::from_utf8_lossy(doc));
        }
    }

    #[test]
    fn splits_arrays() {
        assert_eq!(
            elements(br#" [ {"a":[1,2]} , "x,y", 3 ,[] ] "#),
            Some(vec![&br#"{"a":[1,2]}"#[..], br#""x,y""#, b"3", b"[]"])
        );
        assert_eq!(elements(b"[]"), Some(vec![]));
        assert_eq!(elements(b" [ ] "), Some(vec![]));
        for bad in [&b""[..], b"{}", b"[1,]", b"[1", b"[1] 2", b"[,1]", b"[1 2]"] {
            assert_eq!(elements(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn decodes_strings() {
        assert_eq!(string(br#""plain""#).as_deref(), Some("plain"));
        assert_eq!(string(br#""""#).as_deref(), Some(""));
        assert_eq!(
            string(br#""q\"b\\s\/n\nt\tu\u00e9\ud83d\ude00""#).as_deref(),
            Some("q\"b\\s/n\nt\tu\u{e9}\u{1F600}")
        );
        assert_eq!(string("\"caf\u{e9}\"".as_bytes()).as_deref(), Some("caf\u{e9}"));
        for bad in [
            &b"plain"[..],
            b"\"",
            br#""a"b""#,
            br#""\x""#,
            br#""\u12""#,
            br#""\ud83d""#,
            br#""\ud83d\u0041""#,
            b"\"tab\there\"",
            b"\"\xff\"",
        ] {
            assert_eq!(string(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
