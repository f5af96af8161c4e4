//! A profiling harness for the origin assessment (callgrind counts instructions, repeatable where
//! time on a shared machine is not): `cargo build --release --example prof_origin`, then
//! `N=200 valgrind --tool=callgrind ./target/release/examples/prof_origin WORKSHEET.json`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/worksheets/tobacco-substitute.json".into());
    let text = std::fs::read_to_string(path).unwrap();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let v = eco_validator::Validator::builder().build().unwrap();
    for _ in 0..n {
        std::hint::black_box(
            v.assess_origin(
                std::hint::black_box(&text),
                "prof",
                jiff::civil::date(2026, 12, 1),
            )
            .unwrap(),
        );
    }
}
