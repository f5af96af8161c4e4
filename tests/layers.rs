//! The house rule that layers look only down: `src/lib.rs` lists the modules in groups, from the
//! bottom; every `crate::…` path in a module's files must name a module of a group below its own.
//! A cycle between modules is then impossible, and moving code up or sideways fails here first.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The groups of `mod` lines in lib.rs's layer list: module name → group (0 at the bottom).
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let start = lib.find("// The layers").expect("lib.rs lists its layers");
    let end = lib
        .find("pub use crate::")
        .expect("the API block follows the layers");
    let mut out = BTreeMap::new();
    let mut group = 0;
    let mut in_group = false;
    for line in lib[start..end].lines().map(str::trim) {
        if line.is_empty() {
            group += usize::from(in_group);
            in_group = false;
        } else if let Some(name) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'))
        {
            out.insert(name.to_owned(), group);
            in_group = true;
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a source text names through `crate::` paths, comments left out.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let name: String = tail
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
            // `use crate::{a, b}`: each name in the braces.
            if let Some(inner) = tail.strip_prefix('{') {
                let inner = inner.split('}').next().unwrap_or("");
                out.extend(
                    inner
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").to_owned())
                        .filter(|p| !p.is_empty()),
                );
            }
            rest = tail;
        }
    }
    out
}

#[test]
fn layers_look_only_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = layers(&lib);
    assert!(layers.len() >= 15, "lib.rs lists its modules: {layers:?}");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        // The index and the CLI (`main.rs` and its subcommands in `cli/`) sit above every layer.
        if module == "lib" || module == "main" || module == "cli" {
            continue;
        }
        let own = *layers
            .get(&module)
            .unwrap_or_else(|| panic!("{} is not in lib.rs's layer list", relative.display()));
        for used in uses(&fs::read_to_string(&file).unwrap()) {
            checked += 1;
            if used == module {
                continue;
            }
            match layers.get(&used) {
                Some(&layer) if layer < own => {}
                Some(_) => wrong.push(format!("{} uses crate::{used}", relative.display())),
                None => wrong.push(format!(
                    "{} uses crate::{used}, not a module",
                    relative.display()
                )),
            }
        }
    }
    assert!(checked > 50, "the scan found the crate's paths ({checked})");
    assert!(
        wrong.is_empty(),
        "layers reach up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_every_form_of_path() {
    let text = "use crate::a::B;\nuse crate::{c, d::E};\nlet x = crate::f::g(); // crate::h\n";
    assert_eq!(uses(text), ["a", "c", "d", "f"]);
    let lib = "// The layers\nmod a;\nmod b;\n\npub mod c;\n#[cfg(x)]\nmod d;\npub use crate::a;";
    let l = layers(lib);
    assert_eq!((l["a"], l["b"], l["c"], l["d"]), (0, 0, 1, 1));
}
