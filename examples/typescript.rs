//! Prints the TypeScript declarations of one npm build (`.ci/build-pkg.mjs` appends them to its
//! `.d.ts`): `cargo run --example typescript --features typescript -- FEATURES`, where FEATURES
//! is the build's cargo feature list (`wasm,origin`); `origin` and `signatures` in it add their
//! parts' declarations.

fn main() {
    let features = std::env::args().nth(1).unwrap_or_default();
    let has = |f: &str| features.split(',').any(|g| g == f);
    print!(
        "{}",
        eco_validator::__private::typescript_declarations(has("origin"), has("signatures"))
    );
}
