//! A strict JSON (RFC 8259) pull tokenizer: text in, one event at a time out, each with the byte
//! offset where it starts.
//!
//! Both JSON readers of the validator — the certificate binding and the loaders of profiles,
//! tables and lists — read through it. It replaced serde_json there: serde's generic visitors
//! were compiled once per reader, about 25 KB of the npm package's module, and knew no positions,
//! so a finding's place took a second walk over the text. Here strings without escapes stay
//! borrowed, numbers keep their text (an amount is read as a decimal, never through `f64`), and
//! nesting is kept on a heap stack, not the call stack: the readers bound it with their own limits.
//! serde_json remains the peer it is tested against (`tests` below, and the JSON fuzz target).

use crate::bytes::sub;
use std::borrow::Cow;

/// One event of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// `{`.
    ObjectStart,
    /// `}`.
    ObjectEnd,
    /// `[`.
    ArrayStart,
    /// `]`.
    ArrayEnd,
    /// An object member's name; its value follows.
    Key(Cow<'a, str>),
    /// A string value.
    String(Cow<'a, str>),
    /// A number, as written.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// The end of the text, after the one top-level value.
    End,
}

/// Text that is not JSON: where, and what was expected there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset of the fault.
    pub offset: usize,
    /// What is wrong, in English.
    pub message: &'static str,
}

/// What the next event may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A value (the document's, a member's after its colon, an array's after a comma).
    Value,
    /// An array's first value or its end.
    ValueOrEnd,
    /// An object's first member name or its end.
    KeyOrEnd,
    /// A comma or the end of the open container.
    CommaOrEnd,
    /// Nothing more but white space.
    Done,
}

/// The tokenizer over one text.
pub struct Lexer<'a> {
    text: &'a str,
    at: usize,
    /// Where the last event started.
    start: usize,
    expect: Expect,
    /// The open containers, innermost last: `true` for an object.
    open: Vec<bool>,
}

impl<'a> Lexer<'a> {
    /// A tokenizer at the start of `text`.
    pub fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            at: 0,
            start: 0,
            expect: Expect::Value,
            open: Vec::new(),
        }
    }

    /// How many containers are open.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// Byte offset where the last event started (for a member, its name's opening quote).
    pub fn start(&self) -> usize {
        self.start
    }

    fn error(&self, message: &'static str) -> Error {
        Error {
            offset: self.at,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    #[inline]
    fn skip_space(&mut self) {
        let rest = &self.text.as_bytes()[self.at..];
        self.at += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
    }

    /// The next event.
    pub fn next_event(&mut self) -> Result<Event<'a>, Error> {
        self.skip_space();
        self.start = self.at;
        match self.expect {
            Expect::Value => self.value(),
            Expect::ValueOrEnd if self.peek() == Some(b']') => self.close(false),
            Expect::ValueOrEnd => self.value(),
            Expect::KeyOrEnd if self.peek() == Some(b'}') => self.close(true),
            Expect::KeyOrEnd => self.key(),
            Expect::CommaOrEnd => {
                let object = self.open.last().copied().unwrap_or(false);
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        self.skip_space();
                        self.start = self.at;
                        if object { self.key() } else { self.value() }
                    }
                    Some(b'}') if object => self.close(true),
                    Some(b']') if !object => self.close(false),
                    None => Err(self.error("the text ends inside an object or array")),
                    Some(_) if object => Err(self.error("expected ',' or '}'")),
                    Some(_) => Err(self.error("expected ',' or ']'")),
                }
            }
            Expect::Done => match self.peek() {
                None => Ok(Event::End),
                Some(_) => Err(self.error("text after the JSON value")),
            },
        }
    }

    fn close(&mut self, object: bool) -> Result<Event<'a>, Error> {
        self.at += 1;
        self.open.pop();
        self.after_value();
        Ok(if object {
            Event::ObjectEnd
        } else {
            Event::ArrayEnd
        })
    }

    fn after_value(&mut self) {
        self.expect = if self.open.is_empty() {
            Expect::Done
        } else {
            Expect::CommaOrEnd
        };
    }

    fn key(&mut self) -> Result<Event<'a>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.error(if self.peek().is_none() {
                "the text ends where a member name was expected"
            } else {
                "expected a member name (a string)"
            }));
        }
        let name = self.string()?;
        self.skip_space();
        if self.peek() != Some(b':') {
            return Err(self.error("expected ':' after the member name"));
        }
        self.at += 1;
        self.expect = Expect::Value;
        Ok(Event::Key(name))
    }

    fn value(&mut self) -> Result<Event<'a>, Error> {
        let event = match self.peek() {
            Some(b'{') => {
                self.at += 1;
                self.open.push(true);
                self.expect = Expect::KeyOrEnd;
                return Ok(Event::ObjectStart);
            }
            Some(b'[') => {
                self.at += 1;
                self.open.push(false);
                self.expect = Expect::ValueOrEnd;
                return Ok(Event::ArrayStart);
            }
            Some(b'"') => Event::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Event::Number(self.number()?),
            Some(b't') => self.literal("true", Event::Bool(true))?,
            Some(b'f') => self.literal("false", Event::Bool(false))?,
            Some(b'n') => self.literal("null", Event::Null)?,
            None => return Err(self.error("the text ends where a value was expected")),
            Some(_) => return Err(self.error("expected a value")),
        };
        self.after_value();
        Ok(event)
    }

    fn literal(&mut self, word: &'static str, event: Event<'a>) -> Result<Event<'a>, Error> {
        if self.text.as_bytes()[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(event)
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// A number by the grammar of RFC 8259 §6, as written.
    fn number(&mut self) -> Result<&'a str, Error> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let digits = |at: &mut usize| {
            let from = *at;
            while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at > from
        };
        let mut at = start + usize::from(bytes[start] == b'-');
        match bytes.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => {
                self.at = at;
                return Err(self.error("a number without digits"));
            }
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            if !digits(&mut at) {
                self.at = at;
                return Err(self.error("a number without digits after its point"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            if !digits(&mut at) {
                self.at = at;
                return Err(self.error("a number without digits in its exponent"));
            }
        }
        self.at = at;
        Ok(sub(self.text, start..at))
    }

    /// Where the next quote, backslash or control character is, from `at`.
    #[inline]
    fn stop(&self, at: usize) -> usize {
        crate::bytes::json_special(self.text.as_bytes(), at)
    }

    /// A string at its opening quote: borrowed when it has no escapes.
    #[inline]
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        self.at = self.stop(start);
        match bytes.get(self.at) {
            Some(b'"') => {
                let s = sub(self.text, start..self.at);
                self.at += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.error("a control character in a string")),
            None => return Err(self.error("the text ends inside a string")),
        }
        self.escaped(start)
    }

    /// The rest of a string with escapes, from its first backslash; `start` is its first byte.
    #[cold]
    fn escaped(&mut self, start: usize) -> Result<Cow<'a, str>, Error> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(sub(self.text, start..self.at));
        loop {
            let run = self.at;
            self.at = self.stop(run);
            out.push_str(sub(self.text, run..self.at));
            match bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return Err(self.error("a control character in a string")),
                None => return Err(self.error("the text ends inside a string")),
            }
        }
    }

    /// An escape at its backslash, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let bytes = self.text.as_bytes();
        let c = match bytes.get(self.at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4(self.at + 2)?;
                let (unit, next) = match first {
                    0xD800..=0xDBFF => {
                        if bytes.get(self.at + 6) != Some(&b'\\')
                            || bytes.get(self.at + 7) != Some(&b'u')
                        {
                            return Err(self.error("a lone surrogate in a \\u escape"));
                        }
                        let second = self.hex4(self.at + 8)?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("a lone surrogate in a \\u escape"));
                        }
                        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        (c, self.at + 12)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    c => (c, self.at + 6),
                };
                let c = char::from_u32(unit).ok_or(self.error("an invalid \\u escape"))?;
                out.push(c);
                self.at = next;
                return Ok(());
            }
            _ => return Err(self.error("an invalid escape")),
        };
        out.push(c);
        self.at += 2;
        Ok(())
    }

    fn hex4(&self, at: usize) -> Result<u32, Error> {
        let digits = self.text.as_bytes().get(at..at + 4);
        let value = digits.and_then(|d| {
            d.iter().try_fold(0u32, |n, b| {
                char::from(*b).to_digit(16).map(|digit| n * 16 + digit)
            })
        });
        value.ok_or(self.error("a \\u escape without four hex digits"))
    }
}

/// The 1-based line and column (in characters) of a byte offset, for messages.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = sub(text, ..end);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    // Characters are the bytes that do not continue a UTF-8 sequence.
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.bytes().filter(|b| b & 0xC0 != 0x80).count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of a text, or the error that stopped it.
    fn events(text: &str) -> Result<Vec<Event<'_>>, Error> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let e = lexer.next_event()?;
            if e == Event::End {
                return Ok(out);
            }
            out.push(e);
        }
    }

    #[test]
    fn events_in_order_with_their_starts() {
        let text = r#" {"a": [1, -2.5e3, "x\ny"], "b": {}, "c": [true, false, null]} "#;
        let got = events(text).unwrap();
        use Event::*;
        assert_eq!(
            got,
            [
                ObjectStart,
                Key("a".into()),
                ArrayStart,
                Number("1"),
                Number("-2.5e3"),
                String(Cow::Owned("x\ny".into())),
                ArrayEnd,
                Key("b".into()),
                ObjectStart,
                ObjectEnd,
                Key("c".into()),
                ArrayStart,
                Bool(true),
                Bool(false),
                Null,
                ArrayEnd,
                ObjectEnd,
            ]
        );
        let mut lexer = Lexer::new(text);
        lexer.next_event().unwrap();
        lexer.next_event().unwrap();
        assert_eq!(lexer.start(), text.find("\"a\"").unwrap());
        lexer.next_event().unwrap();
        lexer.next_event().unwrap();
        lexer.next_event().unwrap();
        assert_eq!(lexer.start(), text.find("-2.5").unwrap());
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let got = events(r#"["plain", "a\u00e9\ud83d\ude00\/\"", "é"]"#).unwrap();
        assert!(matches!(&got[1], Event::String(Cow::Borrowed("plain"))));
        assert_eq!(got[2], Event::String(Cow::Owned("aé😀/\"".into())));
        assert!(matches!(&got[3], Event::String(Cow::Borrowed("é"))));
    }

    /// Whatever serde_json refuses is refused, and what it reads is read alike: a generated
    /// corpus of small texts, each compared event by event with serde_json's value.
    #[test]
    fn agrees_with_serde_json() {
        let pieces = [
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"a\"",
            "\"\\u0041\"",
            "\"\\ud800\"",
            "\"\\x\"",
            "1",
            "-0",
            "01",
            "1.",
            "1e",
            "-",
            "2E+3",
            "true",
            "tru",
            "null",
            " ",
            "\"\t\"",
            "\"é\"",
        ];
        let mut texts = vec![String::new()];
        for a in pieces {
            texts.push(a.to_owned());
            for b in pieces {
                texts.push(format!("{a}{b}"));
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("[{a}{b}{c}]"));
                    texts.push(format!("{{\"k\":{a}{b}{c}}}"));
                }
            }
        }
        for text in &texts {
            let ours = events(text);
            let theirs = serde_json::from_str::<serde_json::Value>(text);
            assert_eq!(
                ours.is_ok(),
                theirs.is_ok(),
                "{text:?}: {ours:?} vs {theirs:?}"
            );
        }
    }

    #[test]
    fn errors_say_where() {
        for (text, offset, message) in [
            ("", 0, "the text ends where a value was expected"),
            ("{\"a\" 1}", 5, "expected ':' after the member name"),
            ("[1 2]", 3, "expected ',' or ']'"),
            ("{\"a\":1,}", 7, "expected a member name (a string)"),
            ("[1,]", 3, "expected a value"),
            ("1 2", 2, "text after the JSON value"),
            ("\"a\u{1}\"", 2, "a control character in a string"),
            ("[-]", 2, "a number without digits"),
            ("{\"a\":[", 6, "the text ends where a value was expected"),
        ] {
            let e = events(text).unwrap_err();
            assert_eq!((e.offset, e.message), (offset, message), "{text:?}");
        }
        assert_eq!(line_column("ab\ncé\nd", 6), (2, 3));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
