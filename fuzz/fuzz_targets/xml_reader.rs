//! The XML reader (tokenizer, namespaces, hostile-input policy, tree) on arbitrary text, and the
//! tokenizer alone: every token's range lies within the text, in order, and the reader never panics.
#![no_main]

use eco_validator::__private::{Lexer, Token, read};
use eco_validator::{Limits, Syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read(Syntax::Xml, text, &Limits::default());
    let mut lexer = Lexer::new(text, 32);
    let mut at = 0;
    while let Ok((token, range)) = lexer.next_spanned() {
        assert_eq!(range.start, at);
        assert!(range.end <= text.len() && range.start <= range.end);
        at = range.end;
        if token == Token::Eof {
            break;
        }
    }
});
