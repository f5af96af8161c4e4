//! XML 1.0 syntax, checked strictly: a pull tokenizer over a UTF-8 document that either hands out the
//! document's pieces, as slices of the source, or says where the document stops being well-formed.
//!
//! Written here rather than taken from a crate: quick-xml (used before) is lenient by design and let
//! through documents libxml2 refuses (`]]>` in text, control characters, `--` in comments, `<` in
//! attribute values, bad names, a misplaced or malformed XML declaration), and its tokenizer alone
//! took 40 % of the wasm time budget. This one checks every well-formedness constraint that applies
//! to a document without a DTD, and is tested against xmllint on the same documents
//! (`tests/xmllint.rs`). Every token comes with its byte range ([`Lexer::next_spanned`]), comments
//! and processing instructions too, so that canonicalisation can be written over the same pieces the
//! reader sees. Namespaces are [`super::namespaces`]' business; DOCTYPE is only recognised, to be
//! refused.

use std::borrow::Cow;
use std::ops::Range;

use crate::bytes::{same_bytes, sub};
use crate::convert::to_u32;
use crate::sort::sorted_order;

/// One piece of the document. Names and texts are slices of the source.
#[derive(Debug, PartialEq)]
pub enum Token<'a> {
    /// A start tag (`empty` for `<x/>`, which gets no `End`); its attributes are in
    /// [`Lexer::attributes`] until the next token. `prefixed`: the name has a colon.
    Start {
        /// The tag name as written (with its prefix).
        name: &'a str,
        /// `<x/>`: no `End` follows.
        empty: bool,
        /// The name has a colon.
        prefixed: bool,
    },
    /// The end tag of the innermost open element (its name is checked here).
    End,
    /// Character data as written (line ends not yet normalised).
    Text {
        /// The characters.
        text: &'a str,
        /// All white space, as the layout between elements is.
        blank: bool,
    },
    /// The content of a CDATA section.
    CData(&'a str),
    /// A character or predefined entity reference, resolved.
    Char(char),
    /// A comment's content, between `<!--` and `-->`.
    Comment(&'a str),
    /// A processing instruction: its target and its data (after the white space that follows the
    /// target; empty when there is none).
    Pi {
        /// The target name.
        target: &'a str,
        /// The data, possibly empty.
        data: &'a str,
    },
    /// The XML declaration (checked, and nothing of it kept: its encoding must be UTF-8).
    Declaration,
    /// A `<!DOCTYPE` (its range is those nine bytes), which a certificate never has; the caller
    /// refuses it. The tokenizer does not read a DTD, so it reads nothing after: every later call
    /// is an error.
    Doctype,
    /// The end of a complete document.
    Eof,
}

/// An attribute with its value normalised as XML 1.0 §3.3.3 says for an undeclared attribute
/// (references resolved, each white-space character a space).
#[derive(Debug, PartialEq)]
pub struct Attribute<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
}

/// Why the document is not read further, and where.
#[derive(Debug, PartialEq)]
pub struct Error<'a> {
    pub offset: u32,
    pub kind: ErrorKind<'a>,
}

#[derive(Debug, PartialEq)]
pub enum ErrorKind<'a> {
    /// Not well-formed XML.
    Malformed(&'static str),
    /// A reference to an entity that is not one of the five predefined ones.
    Entity(&'a str),
    /// The XML declaration names an encoding other than UTF-8.
    Encoding,
    /// More attributes on one element than the caller allows, namespace declarations included
    /// (checked here so that hostile tags cannot make the duplicate check slow); the limit.
    Attributes(usize),
}

/// The tokenizer: one pass over the source, each call handing out the next piece.
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// Names of the open elements, innermost last.
    open: Vec<&'a str>,
    root_done: bool,
    /// A DOCTYPE was handed out: nothing after it is read.
    stopped: bool,
    max_attributes: usize,
    /// The attributes of the last start tag, valid until the next token.
    pub attributes: Vec<Attribute<'a>>,
}

impl<'a> Lexer<'a> {
    /// `src` is the document after any byte order mark.
    pub fn new(src: &'a str, max_attributes: usize) -> Lexer<'a> {
        Lexer {
            src,
            pos: 0,
            open: Vec::with_capacity(16),
            root_done: false,
            stopped: false,
            max_attributes,
            attributes: Vec::new(),
        }
    }

    /// Where the next token starts.
    pub fn position(&self) -> u32 {
        to_u32(self.pos)
    }

    /// The next piece of the document, or why the document is not well-formed there.
    pub fn next_token(&mut self) -> Result<Token<'a>, Error<'a>> {
        let start = self.pos;
        if self.stopped {
            return Err(self.fail(start, "a DOCTYPE, which is not read past"));
        }
        match self.src.as_bytes().get(start) {
            None => self.end_of_document(),
            Some(b'<') => self.markup(start),
            Some(b'&') => self.reference(start),
            Some(_) => self.text(start),
        }
    }

    /// The next piece with the byte range it was read from (for `Eof`, the empty range at the end).
    pub fn next_spanned(&mut self) -> Result<(Token<'a>, Range<usize>), Error<'a>> {
        let start = self.pos;
        let token = self.next_token()?;
        Ok((token, start..self.pos))
    }

    fn fail(&self, at: usize, detail: &'static str) -> Error<'a> {
        Error {
            offset: to_u32(at),
            kind: ErrorKind::Malformed(detail),
        }
    }

    fn end_of_document(&self) -> Result<Token<'a>, Error<'a>> {
        if !self.open.is_empty() {
            Err(self.fail(self.src.len(), "the document ends inside an element"))
        } else if !self.root_done {
            Err(self.fail(0, "no root element"))
        } else {
            Ok(Token::Eof)
        }
    }

    #[inline]
    fn byte(&self, at: usize) -> u8 {
        self.src.as_bytes().get(at).copied().unwrap_or(0)
    }

    fn starts_with(&self, at: usize, prefix: &[u8]) -> bool {
        self.src
            .as_bytes()
            .get(at..)
            .is_some_and(|s| s.starts_with(prefix))
    }

    #[inline]
    fn slice(&self, from: usize, to: usize) -> Result<&'a str, Error<'a>> {
        self.src
            .get(from..to)
            .ok_or_else(|| self.fail(from, "a character is cut"))
    }

    fn text(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        let bytes = self.src.as_bytes();
        let mut at = start;
        let mut seen = 0;
        while let Some(&b) = bytes.get(at) {
            let class = CLASS[usize::from(b)];
            if class & (MARKUP | CHECK) != 0 {
                if class & MARKUP != 0 {
                    break;
                }
                self.check_char(at)?;
            }
            seen |= class;
            at += 1;
        }
        let text = self.slice(start, at)?;
        let blank = seen & OTHER == 0;
        if !blank && self.open.is_empty() {
            let first = text.bytes().position(|b| !is_space(b)).unwrap_or(0);
            return Err(self.fail(start + first, "text outside the root element"));
        }
        self.pos = at;
        Ok(Token::Text { text, blank })
    }

    /// A byte the text scan flagged: a character XML forbids, the start of U+FFFE or U+FFFF,
    /// or a `]` that may begin `]]>`.
    fn check_char(&self, at: usize) -> Result<(), Error<'a>> {
        let bytes = self.src.as_bytes();
        match bytes[at] {
            b']' if !self.starts_with(at, b"]]>") => Ok(()),
            b']' => Err(self.fail(at, "']]>' in character data")),
            0xEF if !matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => Ok(()),
            _ => Err(self.fail(at, "a character XML does not allow")),
        }
    }

    /// Checks the characters of a comment, processing instruction or CDATA section.
    fn check_chars(&self, from: usize, to: usize) -> Result<(), Error<'a>> {
        for at in from..to {
            if CLASS[usize::from(self.src.as_bytes()[at])] & CHECK != 0
                && self.src.as_bytes()[at] != b']'
            {
                self.check_char(at)?;
            }
        }
        Ok(())
    }

    fn markup(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        match self.byte(start + 1) {
            b'/' => self.end_tag(start),
            b'!' if self.starts_with(start, b"<!--") => self.comment(start),
            b'!' if self.starts_with(start, b"<![CDATA[") => self.cdata(start),
            b'!' if self.starts_with(start, b"<!DOCTYPE") => {
                self.stopped = true;
                self.pos = start + "<!DOCTYPE".len();
                Ok(Token::Doctype)
            }
            b'!' => Err(self.fail(start, "unknown markup after '<!'")),
            b'?' => self.processing_instruction(start),
            _ => self.start_tag(start),
        }
    }

    fn start_tag(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        if self.root_done {
            return Err(self.fail(start, "content after the root element"));
        }
        let (name_end, prefixed) = self.scan_name(start + 1)?;
        let name = self.slice(start + 1, name_end)?;
        self.attributes.clear();
        let mut at = name_end;
        loop {
            let next = self.skip_space(at);
            if matches!(self.byte(next), b'>' | b'/') && self.attributes.len() > FEW_ATTRIBUTES {
                self.repeated_attribute(start)?;
            }
            match self.byte(next) {
                b'>' => {
                    self.pos = next + 1;
                    self.open.push(name);
                    return Ok(Token::Start {
                        name,
                        empty: false,
                        prefixed,
                    });
                }
                b'/' if self.byte(next + 1) == b'>' => {
                    self.pos = next + 2;
                    if self.open.is_empty() {
                        self.root_done = true;
                    }
                    return Ok(Token::Start {
                        name,
                        empty: true,
                        prefixed,
                    });
                }
                0 if next >= self.src.len() => return Err(self.fail(start, "unclosed tag")),
                _ if next == at => {
                    return Err(self.fail(next, "expected white space, '>' or '/>' in a tag"));
                }
                _ => at = self.attribute(next)?,
            }
        }
    }

    /// Reads one attribute starting at its name; returns where it ends.
    fn attribute(&mut self, start: usize) -> Result<usize, Error<'a>> {
        let name_end = self.name(start)?;
        let name = self.slice(start, name_end)?;
        let eq = self.skip_space(name_end);
        if self.byte(eq) != b'=' {
            return Err(self.fail(eq, "expected '=' after an attribute name"));
        }
        let open = self.skip_space(eq + 1);
        let quote = self.byte(open);
        if quote != b'"' && quote != b'\'' {
            return Err(self.fail(open, "expected a quoted attribute value"));
        }
        let bytes = self.src.as_bytes();
        let mut close = open + 1;
        let mut seen = 0;
        loop {
            let Some(&b) = bytes.get(close) else {
                return Err(self.fail(open, "unclosed attribute value"));
            };
            if b == quote {
                break;
            }
            let class = CLASS[usize::from(b)];
            if class & (MARKUP | CHECK) != 0 {
                if b == b'<' {
                    return Err(self.fail(close, "'<' in an attribute value"));
                }
                if b != b'&' && b != b']' {
                    self.check_char(close)?;
                }
            }
            seen |= class;
            close += 1;
        }
        let raw = self.slice(open + 1, close)?;
        // References to resolve, or white space other than spaces to normalise.
        let value = if seen & (MARKUP | LINE) != 0 {
            Cow::Owned(self.normalise(raw, open + 1)?)
        } else {
            Cow::Borrowed(raw)
        };
        if self.attributes.len() >= self.max_attributes {
            return Err(Error {
                offset: to_u32(start),
                kind: ErrorKind::Attributes(self.max_attributes),
            });
        }
        // Up to a few, looked for as they come; beyond, sorted once the tag is read.
        if self.attributes.len() < FEW_ATTRIBUTES && self.attributes.iter().any(|a| a.name == name)
        {
            return Err(self.fail(start, "an attribute is repeated"));
        }
        self.attributes.push(Attribute { name, value });
        Ok(close + 1)
    }

    fn repeated_attribute(&self, start: usize) -> Result<(), Error<'a>> {
        let a = &self.attributes;
        let order = sorted_order(a.len(), &|i, j| a[i].name.cmp(a[j].name));
        if order.windows(2).any(|w| a[w[0]].name == a[w[1]].name) {
            return Err(self.fail(start, "an attribute is repeated"));
        }
        Ok(())
    }

    /// Attribute-value normalisation: references resolved, CR LF, CR, LF and tab each one space.
    fn normalise(&self, raw: &'a str, offset: usize) -> Result<String, Error<'a>> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
            out.push_str(sub(rest, ..i));
            let at = offset + (raw.len() - rest.len()) + i;
            match rest.as_bytes()[i] {
                b'&' => {
                    let (c, len) = self.resolve(at)?;
                    out.push(c);
                    // A reference ends at its ';', inside the value: names and digits stop at quotes.
                    rest = rest.get(i + len..).unwrap_or_default();
                }
                b'\r' if rest.as_bytes().get(i + 1) == Some(&b'\n') => {
                    out.push(' ');
                    rest = sub(rest, i + 2..);
                }
                _ => {
                    out.push(' ');
                    rest = sub(rest, i + 1..);
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn end_tag(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        let Some(&name) = self.open.last() else {
            return Err(self.fail(start, "an end tag without a start tag"));
        };
        let after = start + 2 + name.len();
        let written = self.src.as_bytes().get(start + 2..after);
        if !written.is_some_and(|w| same_bytes(w, name.as_bytes())) {
            return Err(self.fail(start, "the end tag does not match the start tag"));
        }
        let close = self.skip_space(after);
        if self.byte(close) != b'>' {
            return Err(self.fail(start, "the end tag does not match the start tag"));
        }
        self.open.pop();
        self.root_done = self.open.is_empty();
        self.pos = close + 1;
        Ok(Token::End)
    }

    fn comment(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        let bytes = self.src.as_bytes();
        let body = start + 4;
        for i in memchr::memchr_iter(b'-', &bytes[body..]) {
            if bytes.get(body + i + 1) == Some(&b'-') {
                if bytes.get(body + i + 2) != Some(&b'>') {
                    return Err(self.fail(body + i, "'--' inside a comment"));
                }
                self.check_chars(body, body + i)?;
                self.pos = body + i + 3;
                return Ok(Token::Comment(self.slice(body, body + i)?));
            }
        }
        Err(self.fail(start, "unclosed comment"))
    }

    fn cdata(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        if self.open.is_empty() {
            return Err(self.fail(start, "character data outside the root element"));
        }
        let body = start + 9;
        let end = crate::bytes::find(&self.src.as_bytes()[body..], b"]]>")
            .ok_or_else(|| self.fail(start, "unclosed CDATA section"))?;
        self.check_chars(body, body + end)?;
        self.pos = body + end + 3;
        Ok(Token::CData(self.slice(body, body + end)?))
    }

    fn processing_instruction(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        let target_end = self.name(start + 2)?;
        let target = self.slice(start + 2, target_end)?;
        if target.eq_ignore_ascii_case("xml") {
            if start != 0 || target != "xml" {
                return Err(self.fail(start, "an XML declaration that is not at the very start"));
            }
            return self.declaration().map(|()| Token::Declaration);
        }
        if target.contains(':') {
            return Err(self.fail(start + 2, "a colon in a processing instruction's target"));
        }
        // The target is followed by white space and content, or by the end `?>` itself.
        let body = match self.byte(target_end) {
            b'?' if self.byte(target_end + 1) == b'>' => target_end,
            b if is_space(b) => target_end,
            _ => return Err(self.fail(target_end, "expected white space after the target")),
        };
        let end = crate::bytes::find(&self.src.as_bytes()[body..], b"?>")
            .ok_or_else(|| self.fail(start, "unclosed processing instruction"))?;
        self.check_chars(body, body + end)?;
        self.pos = body + end + 2;
        let data = self.slice(body, body + end)?;
        let data = data.trim_start_matches([' ', '\t', '\n', '\r']);
        Ok(Token::Pi { target, data })
    }

    /// `<?xml version="1.x" encoding="UTF-8" standalone="yes|no"?>`, in that order; the
    /// encoding, if named, must be UTF-8: the bytes are read as nothing else.
    fn declaration(&mut self) -> Result<(), Error<'a>> {
        let mut at = 5;
        let mut seen = 0;
        loop {
            let next = self.skip_space(at);
            if self.starts_with(next, b"?>") {
                if seen == 0 {
                    return Err(self.fail(next, "the XML declaration has no version"));
                }
                self.pos = next + 2;
                return Ok(());
            }
            if next == at {
                return Err(self.fail(next, "malformed XML declaration"));
            }
            let name_end = self.name(next)?;
            let name = self.slice(next, name_end)?;
            let order = match name {
                "version" => 1,
                "encoding" => 2,
                "standalone" => 3,
                _ => 0,
            };
            if order <= seen || (seen == 0 && order != 1) {
                return Err(self.fail(next, "malformed XML declaration"));
            }
            seen = order;
            let eq = self.skip_space(name_end);
            let open = self.skip_space(eq + 1);
            let quote = self.byte(open);
            if self.byte(eq) != b'=' || (quote != b'"' && quote != b'\'') {
                return Err(self.fail(next, "malformed XML declaration"));
            }
            let close = memchr::memchr(quote, &self.src.as_bytes()[open + 1..])
                .map(|i| open + 1 + i)
                .ok_or_else(|| self.fail(open, "malformed XML declaration"))?;
            let value = self.slice(open + 1, close)?;
            let fine = match order {
                1 => value
                    .strip_prefix("1.")
                    .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())),
                2 => {
                    let mut b = value.bytes();
                    let name = b.next().is_some_and(|c| c.is_ascii_alphabetic())
                        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
                    // A document that declares Latin-1 or ASCII but holds only ASCII bytes reads
                    // the same in every decoder; with any other byte it would not, and is refused.
                    let ascii_subset = (value.eq_ignore_ascii_case("ISO-8859-1")
                        || value.eq_ignore_ascii_case("US-ASCII"))
                        && self.src.is_ascii();
                    if name
                        && !value.eq_ignore_ascii_case("UTF-8")
                        && !value.eq_ignore_ascii_case("UTF8")
                        && !ascii_subset
                    {
                        return Err(Error {
                            offset: to_u32(open + 1),
                            kind: ErrorKind::Encoding,
                        });
                    }
                    name
                }
                _ => value == "yes" || value == "no",
            };
            if !fine {
                return Err(self.fail(open + 1, "malformed XML declaration"));
            }
            at = close + 1;
        }
    }

    fn reference(&mut self, start: usize) -> Result<Token<'a>, Error<'a>> {
        if self.open.is_empty() {
            return Err(self.fail(start, "a reference outside the root element"));
        }
        let (c, len) = self.resolve(start)?;
        self.pos = start + len;
        Ok(Token::Char(c))
    }

    /// The character a reference at `start` stands for, and the reference's length.
    fn resolve(&self, start: usize) -> Result<(char, usize), Error<'a>> {
        if self.byte(start + 1) == b'#' {
            let (digits, radix) = if self.byte(start + 2) == b'x' {
                (start + 3, 16)
            } else {
                (start + 2, 10)
            };
            let mut value: u32 = 0;
            let mut at = digits;
            while let Some(d) = char::from(self.byte(at)).to_digit(radix) {
                value = value.saturating_mul(radix).saturating_add(d);
                at += 1;
            }
            if at == digits || self.byte(at) != b';' {
                return Err(self.fail(start, "a malformed character reference"));
            }
            return match char::from_u32(value).filter(|&c| is_xml_char(c)) {
                Some(c) => Ok((c, at + 1 - start)),
                None => Err(self.fail(start, "a reference to a character XML does not allow")),
            };
        }
        let name_end = self.name(start + 1)?;
        if self.byte(name_end) != b';' {
            return Err(self.fail(start, "a reference without ';'"));
        }
        let name = self.slice(start + 1, name_end)?;
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                return Err(Error {
                    offset: to_u32(start),
                    kind: ErrorKind::Entity(name),
                });
            }
        };
        Ok((c, name_end + 1 - start))
    }

    #[inline]
    fn skip_space(&self, mut at: usize) -> usize {
        while is_space(self.byte(at)) {
            at += 1;
        }
        at
    }

    /// The end of the XML Name starting at `start`.
    #[inline]
    fn name(&self, start: usize) -> Result<usize, Error<'a>> {
        self.scan_name(start).map(|(end, _)| end)
    }

    /// The end of the XML Name starting at `start`, and whether it has a colon (a prefix, for
    /// the namespaces layer: noticed on the way, so unprefixed names are never searched again).
    fn scan_name(&self, start: usize) -> Result<(usize, bool), Error<'a>> {
        let bytes = self.src.as_bytes();
        let mut at = start;
        let mut seen = 0;
        match bytes.get(start) {
            Some(&b) if CLASS[usize::from(b)] & NAME_START != 0 => {
                seen = CLASS[usize::from(b)];
                at += 1;
            }
            Some(&b) if b >= 0x80 => {}
            _ => return Err(self.fail(start, "expected a name")),
        }
        loop {
            while let Some(&b) = bytes.get(at)
                && CLASS[usize::from(b)] & NAME != 0
            {
                seen |= CLASS[usize::from(b)];
                at += 1;
            }
            // Beyond ASCII: decoded, and held to the grammar's ranges.
            let c = match bytes.get(at) {
                Some(&b) if b >= 0x80 => self.src.get(at..).and_then(|s| s.chars().next()),
                _ => None,
            };
            match c {
                Some(c) if is_name_start(c) || (at > start && is_name_char(c)) => {
                    at += c.len_utf8();
                }
                _ if at == start => return Err(self.fail(start, "expected a name")),
                _ => return Ok((at, seen & COLON != 0)),
            }
        }
    }
}

/// How many attributes are checked for repeats one by one as they are read.
const FEW_ATTRIBUTES: usize = 16;

/// Byte classes, one table for every scan: what a byte can start or end.
const SPACE: u8 = 1;
/// Tab, LF, CR: white space an attribute value normalises to a space.
const LINE: u8 = 2;
/// Any byte that is not XML white space.
const OTHER: u8 = 4;
/// ASCII letters, `_` and `:` (characters beyond ASCII are decoded and checked by range).
const NAME_START: u8 = 8;
/// What continues a name: NAME_START plus digits, `-`, `.`.
const NAME: u8 = 16;
/// `<` and `&`: the end of character data.
const MARKUP: u8 = 32;
/// Bytes to look at closer: C0 controls XML forbids, `]`, and 0xEF (U+FFFE and U+FFFF start so).
const CHECK: u8 = 64;
/// `:`, which separates a prefix.
const COLON: u8 = 128;

// A const context, where `From` cannot be called: the one cast of the module, from a loop bounded
// by the table's length.
#[allow(clippy::as_conversions)]
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b' ' => SPACE,
            b'\t' | b'\n' | b'\r' => SPACE | LINE,
            b':' => OTHER | NAME_START | NAME | COLON,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => OTHER | NAME_START | NAME,
            b'0'..=b'9' | b'-' | b'.' => OTHER | NAME,
            b'<' | b'&' => OTHER | MARKUP,
            b']' => OTHER | CHECK,
            0xEF => OTHER | CHECK,
            0..=0x1F => OTHER | CHECK,
            // Non-ASCII bytes are decoded by the name scan; in text they are ordinary.
            _ => OTHER,
        };
        i += 1;
    }
    t
};

/// NameStartChar of XML 1.0 (fifth edition), beyond ASCII.
fn is_name_start(c: char) -> bool {
    matches!(c,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// NameChar beyond ASCII and NameStartChar.
fn is_name_char(c: char) -> bool {
    matches!(c, '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Char of XML 1.0: no C0 controls but tab, LF and CR, no U+FFFE or U+FFFF (surrogates cannot
/// occur in a `char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// One byte of S: space, tab, LF or CR.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Text as written, its line ends (CR LF, CR) made one LF as an XML processor must (XML 1.0 §2.11).
pub fn line_ends(s: &str) -> Cow<'_, str> {
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    // By hand: `str::replace` of a string would bring the two-way searcher into the module.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(sub(rest, ..i));
        out.push('\n');
        rest = sub(rest, i + 1..);
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Result<Vec<Token<'_>>, Error<'_>> {
        let mut lexer = Lexer::new(src, 16);
        let mut out = Vec::new();
        loop {
            match lexer.next_token()? {
                Token::Eof => return Ok(out),
                t => out.push(t),
            }
        }
    }

    fn malformed(src: &str) -> usize {
        match tokens(src) {
            Err(Error {
                offset,
                kind: ErrorKind::Malformed(_),
            }) => usize::try_from(offset).unwrap(),
            other => panic!("{src:?}: {other:?}"),
        }
    }

    #[test]
    fn well_formed_pieces_come_out_as_slices() {
        let src = "<?xml version='1.0' encoding=\"utf-8\" standalone='yes'?>\n<!-- c -->\
                   <?pi data?><a x='1 &amp;\t2'>t&lt;<![CDATA[<&]]><p:b/></a >\n";
        let mut lexer = Lexer::new(src, 16);
        assert_eq!(lexer.next_token(), Ok(Token::Declaration));
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Text {
                text: "\n",
                blank: true
            })
        );
        assert_eq!(lexer.next_token(), Ok(Token::Comment(" c ")));
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Pi {
                target: "pi",
                data: "data"
            })
        );
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Start {
                name: "a",
                empty: false,
                prefixed: false
            })
        );
        assert_eq!(
            lexer.attributes,
            [Attribute {
                name: "x",
                value: "1 & 2".into()
            }]
        );
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Text {
                text: "t",
                blank: false
            })
        );
        assert_eq!(lexer.next_token(), Ok(Token::Char('<')));
        assert_eq!(lexer.next_token(), Ok(Token::CData("<&")));
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Start {
                name: "p:b",
                empty: true,
                prefixed: true
            })
        );
        assert_eq!(lexer.next_token(), Ok(Token::End));
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Text {
                text: "\n",
                blank: true
            })
        );
        assert_eq!(lexer.next_token(), Ok(Token::Eof));
    }

    /// The ranges cover the document without gap or overlap, each the token's own text: what
    /// canonicalisation needs to copy or rewrite each piece.
    #[test]
    fn every_token_has_its_byte_range() {
        let src = "<?xml version='1.0'?><!--c--><a b='1'>x&amp;<![CDATA[y]]><?p  d ?><c/></a>\n";
        let mut lexer = Lexer::new(src, 16);
        let mut pieces = Vec::new();
        let mut at = 0;
        loop {
            let (token, range) = lexer.next_spanned().unwrap();
            assert_eq!(range.start, at, "{token:?}");
            at = range.end;
            pieces.push(&src[range]);
            if token == Token::Eof {
                break;
            }
        }
        assert_eq!(
            pieces,
            [
                "<?xml version='1.0'?>",
                "<!--c-->",
                "<a b='1'>",
                "x",
                "&amp;",
                "<![CDATA[y]]>",
                "<?p  d ?>",
                "<c/>",
                "</a>",
                "\n",
                ""
            ]
        );
        let mut lexer = Lexer::new("<a><?p  d ?><?q?></a>", 16);
        lexer.next_token().unwrap();
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Pi {
                target: "p",
                data: "d "
            })
        );
        assert_eq!(
            lexer.next_token(),
            Ok(Token::Pi {
                target: "q",
                data: ""
            })
        );
    }

    /// Found by fuzzing: a caller that goes on after a DOCTYPE got it again and again, forever.
    #[test]
    fn nothing_is_read_past_a_doctype() {
        let mut lexer = Lexer::new("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", 16);
        assert_eq!(lexer.next_spanned(), Ok((Token::Doctype, 0..9)));
        assert!(matches!(
            lexer.next_token(),
            Err(Error {
                offset: 9,
                kind: ErrorKind::Malformed(_)
            })
        ));
        assert!(lexer.next_token().is_err());
    }

    #[test]
    fn each_well_formedness_constraint_is_enforced() {
        assert_eq!(malformed("<a>x]]>y</a>"), 4);
        assert_eq!(malformed("<a>x\u{1}y</a>"), 4);
        assert_eq!(malformed("<a>x\u{FFFF}</a>"), 4);
        assert_eq!(malformed("<a><!-- x -- y --></a>"), 10);
        assert_eq!(malformed("<a b='<'/>"), 6);
        assert_eq!(malformed("<a 1b='x'/>"), 3);
        assert_eq!(malformed("<a b='1' b='2'/>"), 9);
        assert_eq!(malformed("<a b='1'c='2'/>"), 8);
        assert_eq!(malformed("<a b=1/>"), 5);
        assert_eq!(malformed("<a>&#1;</a>"), 3);
        assert_eq!(malformed("<a>&#xFFFE;</a>"), 3);
        assert_eq!(malformed("<a>&#99999999999;</a>"), 3);
        assert_eq!(malformed("<a>&amp</a>"), 3);
        assert_eq!(malformed(" <?xml version='1.0'?><a/>"), 1);
        assert_eq!(malformed("<a><?xml version='1.0'?></a>"), 3);
        assert_eq!(
            malformed("<?xml version='1.0' standalone='maybe'?><a/>"),
            32
        );
        assert_eq!(malformed("<?xml encoding='UTF-8'?><a/>"), 6);
        assert_eq!(malformed("<?xml version='1.'?><a/>"), 15);
        assert_eq!(malformed("<a></b>"), 3);
        assert_eq!(malformed("<a></ab>"), 3);
        assert_eq!(malformed("<a/><b/>"), 4);
        assert_eq!(malformed("<a/>x"), 4);
        assert_eq!(malformed("x<a/>"), 0);
        assert_eq!(malformed("<a>"), 3);
        assert_eq!(malformed(""), 0);
        assert_eq!(malformed("<a><![CDATA[x</a>"), 3);
        assert_eq!(malformed("<a><!x></a>"), 3);
        assert_eq!(malformed("<a><?p:q x?></a>"), 5);
        assert_eq!(malformed("<a><?pi? x?></a>"), 7);
        assert!(tokens("<a><?pi?></a>").is_ok());
    }

    #[test]
    fn references_and_encodings_are_told_apart() {
        assert_eq!(
            tokens("<a>&nbsp;</a>"),
            Err(Error {
                offset: 3,
                kind: ErrorKind::Entity("nbsp")
            })
        );
        assert_eq!(
            tokens("<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>"),
            Err(Error {
                offset: 30,
                kind: ErrorKind::Encoding
            })
        );
        assert_eq!(
            tokens("<?xml version='1.0' encoding='Shift_JIS'?><a/>"),
            Err(Error {
                offset: 30,
                kind: ErrorKind::Encoding
            })
        );
        // Only ASCII bytes: the same document in Latin-1, ASCII and UTF-8.
        for encoding in ["ISO-8859-1", "us-ascii"] {
            let doc = format!("<?xml version='1.0' encoding='{encoding}'?><a>&#169;</a>");
            assert!(tokens(&doc).is_ok(), "{encoding}");
        }
        assert_eq!(
            tokens("<a>&#x10FFFF;&#9;</a>").unwrap()[1],
            Token::Char('\u{10FFFF}')
        );
    }

    #[test]
    fn names_follow_the_xml_name_grammar() {
        assert!(tokens("<é.x-1·>t</é.x-1·>").is_ok());
        assert_eq!(malformed("<-a/>"), 1);
        assert_eq!(malformed("<a\u{D7}b/>"), 2);
    }

    #[test]
    fn attribute_count_is_bounded_before_duplicates_are_sought() {
        let many = format!(
            "<a {}/>",
            (0..17)
                .map(|i| format!("x{i}='1'"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(matches!(
            tokens(&many),
            Err(Error {
                kind: ErrorKind::Attributes(16),
                ..
            })
        ));
    }
}
