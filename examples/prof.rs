//! A profiling harness, not a benchmark: runs one stage N times so that valgrind's callgrind can count
//! instructions per document, which are repeatable where wall time on a shared machine is not.
//!
//! `cargo build --release --example prof`, then
//! `N=200 valgrind --tool=callgrind ./target/release/examples/prof validate` (or `read`, `parse`, and
//! `lex`, the XML tokenizer alone; `c14n`, its exclusive canonical form; `verify`, a signed
//! document's stages up to the signature value, with no key); `DOC=path` picks another document.

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let doc = std::fs::read(std::env::var("DOC").unwrap_or("tests/fixtures/valid-10.xml".into()))
        .unwrap();
    let options = eco_validator::Options::new(jiff::civil::date(2026, 11, 25));
    let text = std::str::from_utf8(&doc).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n {
        match which.as_str() {
            "read" => {
                std::hint::black_box(
                    eco_validator::__private::read(
                        eco_validator::Syntax::Xml,
                        text,
                        &options.limits,
                    )
                    .unwrap(),
                );
            }
            "lex" => {
                let mut lexer = eco_validator::__private::Lexer::new(text, 32);
                while !matches!(
                    lexer.next_token(),
                    Ok(eco_validator::__private::Token::Eof) | Err(_)
                ) {}
            }
            "parse" => {
                std::hint::black_box(eco_validator::parse(&doc, &options));
            }
            "c14n" => {
                let method = eco_validator::C14nMethod {
                    exclusive: true,
                    comments: false,
                };
                std::hint::black_box(
                    eco_validator::canonicalize(&doc, method, &options.limits).unwrap(),
                );
            }
            "verify" => {
                std::hint::black_box(
                    eco_validator::verify_with_keys(&doc, &[], &options.limits).unwrap_err(),
                );
            }
            _ => {
                std::hint::black_box(eco_validator::validate(&doc, &options));
            }
        }
    }
    println!("{which} {:?}", t.elapsed() / n);
}
