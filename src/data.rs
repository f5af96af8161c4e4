//! The reference data a validator checks against — code lists, agreement profiles and
//! product-specific-rule tables — as one value handed to it, never found in the environment.
//!
//! A native build bundles the data (feature `bundled`: [`Data::bundled`]). The npm package ships it
//! beside its `.wasm` as one data file, `eco_validator_data.bin`, which keeps the module's code
//! apart from data that changes on its own calendar (a new HS edition, a profile's new party) and
//! costs the engine nothing to compile. The entries read the file (Node), fetch it (browsers) or
//! import it (edge workers) and hand its bytes to [`Data::from_pack`] once.
//!
//! The file is a magic line, then entries, each a header line `NAME LENGTH` and `LENGTH` bytes:
//!
//! ```text
//! eco-validator-data/1
//! eco-validator 7
//! 0.1.0
//! codelists/hs2022.bin 18420
//! …the bytes…
//! profiles/atiga.json 3492
//! …
//! ```
//!
//! The first entry names the crate version it was made for, which must be this build's: a page
//! must not check against a cached data file of another release. Then the six code lists
//! (`codelists/` and the names of `codelists::FILES`), the profiles (`profiles/*.json`, in load
//! order), the PSR tables (`psr/*.json`) and the rule catalogue's texts (`catalogue/rules.txt`, a
//! line `CODE<TAB>BASIS<TAB>MESSAGE<TAB>DESCRIPTION` per rule, [`crate::catalogue`]'s `Texts`:
//! they are text, not code). The package build writes it (`.ci/build-pkg.mjs`).

use std::sync::Arc;

use crate::catalogue::Texts;
use crate::codelists::{self, CodeLists};
use crate::loading::LoadError;
use crate::profiles::Profiles;
use crate::psr::Table;

/// The first line of a data file, naming its format and version.
pub const MAGIC: &str = "eco-validator-data/1\n";

/// Data files larger than this are refused before they are read (the package's is about 59 KB).
const MAX_PACK: usize = 16 << 20;

/// The most entries a data file may have (the package's has 14): each is compared with those
/// before it for a repeat, which must stay cheap for a hostile file of tiny entries.
const MAX_ENTRIES: usize = 256;

/// Code lists, profiles and PSR tables, loaded and checked once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Data {
    pub(crate) codes: Arc<CodeLists>,
    pub(crate) profiles: Profiles,
    pub(crate) tables: Vec<Arc<Table>>,
    /// The rules' basis, message and description; empty when the build has them compiled in.
    pub(crate) texts: Arc<Texts>,
}

impl Data {
    /// The data compiled into this build, read once per process.
    #[cfg(feature = "bundled")]
    pub fn bundled() -> &'static Data {
        static BUNDLE: std::sync::OnceLock<Data> = std::sync::OnceLock::new();
        BUNDLE.get_or_init(|| Data {
            codes: Arc::new(CodeLists::bundled().clone()),
            profiles: Profiles::bundled().clone(),
            tables: crate::psr::bundled().to_vec(),
            texts: Arc::new(Texts::default()),
        })
    }

    /// Reads a data file (the format is at the top of this module); `source` names it in errors,
    /// whose path is the entry's name (`/profiles/rcep.json`, or a profile's own JSON Pointer
    /// within it).
    pub fn from_pack<'b>(bytes: &'b [u8], source: &str) -> Result<Data, LoadError> {
        let error = |code, path: &str, message: &str| LoadError::new(code, source, path, message);
        if bytes.len() > MAX_PACK {
            return Err(error("data.format", "", "is larger than 16 MiB"));
        }
        let Some(mut rest) = bytes.strip_prefix(MAGIC.as_bytes()) else {
            return Err(error(
                "data.format",
                "",
                "is not an eco-validator data file (eco-validator-data/1)",
            ));
        };
        let mut entries: Vec<(&str, &[u8])> = Vec::new();
        while !rest.is_empty() {
            let (name, body, after) = entry(rest)
                .ok_or_else(|| error("data.format", "", "has a malformed entry header"))?;
            if entries.len() == MAX_ENTRIES {
                return Err(error("data.format", "", "has more than 256 entries"));
            }
            if entries.iter().any(|(n, _)| *n == name) {
                return Err(error("data.format", &format!("/{name}"), "appears twice"));
            }
            entries.push((name, body));
            rest = after;
        }
        match entries.first() {
            Some(("eco-validator", v)) if *v == env!("CARGO_PKG_VERSION").as_bytes() => {}
            Some(("eco-validator", v)) => {
                let message = format!(
                    "was made for eco-validator {}, not {}: serve the data file of the same release as the module",
                    std::str::from_utf8(v).unwrap_or("another version"),
                    env!("CARGO_PKG_VERSION")
                );
                return Err(error("data.version", "/eco-validator", &message));
            }
            _ => return Err(error("data.format", "", "does not start with its version")),
        }
        let text = |name: &str, body: &'b [u8]| -> Result<&'b str, LoadError> {
            std::str::from_utf8(body)
                .map_err(|_| error("data.format", &format!("/{name}"), "is not UTF-8"))
        };
        let mut profiles = Vec::new();
        let mut tables = Vec::new();
        let mut texts = None;
        for (name, body) in &entries[1..] {
            let known = match name.split_once('/') {
                Some(("catalogue", "rules.txt")) => {
                    texts = Some(Texts::read(text(name, body)?).ok_or_else(|| {
                        error(
                            "data.format",
                            &format!("/{name}"),
                            "does not give the texts of each rule of the catalogue once, in its order",
                        )
                    })?);
                    true
                }
                Some(("codelists", file)) => codelists::FILES.contains(&file),
                Some(("profiles", file)) if file.ends_with(".json") => {
                    profiles.push((file, text(name, body)?));
                    true
                }
                Some(("psr", file)) if file.ends_with(".json") => {
                    tables.push((file, text(name, body)?));
                    true
                }
                _ => false,
            };
            if !known {
                return Err(error(
                    "data.format",
                    &format!("/{name}"),
                    "is not an entry a data file has",
                ));
            }
        }
        let codes = CodeLists::load(source, |file| {
            let name = format!("codelists/{file}");
            entries
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| b.to_vec())
        })?;
        let profiles = Profiles::load(profiles, &codes)?;
        let tables = tables
            .into_iter()
            .map(|(name, text)| Table::load(text, name).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        let texts = texts.ok_or_else(|| {
            error(
                "data.missing",
                "/catalogue/rules.txt",
                "the rules' texts are missing",
            )
        })?;
        Ok(Data {
            codes: Arc::new(codes),
            profiles,
            tables,
            texts: Arc::new(texts),
        })
    }
}

/// One entry: its name, its bytes, and what follows it; `None` when the header is malformed or
/// the length runs past the end.
fn entry(bytes: &[u8]) -> Option<(&str, &[u8], &[u8])> {
    let end = bytes.iter().take(256).position(|b| *b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..end]).ok()?;
    let (name, length) = header.rsplit_once(' ')?;
    if name.is_empty() || !length.bytes().all(|b| b.is_ascii_digit()) || length.len() > 8 {
        return None;
    }
    let length: usize = length.parse().ok()?;
    let body = bytes.get(end + 1..end + 1 + length)?;
    Some((name, body, &bytes[end + 1 + length..]))
}

#[cfg(all(test, feature = "bundled"))]
mod tests {
    use super::*;
    use crate::catalogue::{CATALOGUE, Catalogue, Rule, RuleId};

    /// The data file as the package build writes it, from the files in the repository.
    pub(crate) fn pack(version: &str) -> Vec<u8> {
        pack_with(version, Some(&texts_of(|r| r.message)))
    }

    /// The rules' texts entry, each message written by `message`.
    fn texts_of(message: fn(&Rule) -> &str) -> String {
        CATALOGUE
            .iter()
            .map(|r| {
                let m = message(r);
                format!("{}\t{}\t{m}\t{}\n", r.code, r.basis, r.description)
            })
            .collect()
    }

    /// A pack with the given texts entry, or none.
    fn pack_with(version: &str, texts: Option<&str>) -> Vec<u8> {
        let mut out = MAGIC.as_bytes().to_vec();
        let mut add = |name: &str, body: &[u8]| {
            out.extend_from_slice(format!("{name} {}\n", body.len()).as_bytes());
            out.extend_from_slice(body);
        };
        add("eco-validator", version.as_bytes());
        for file in codelists::FILES {
            add(
                &format!("codelists/{file}"),
                &std::fs::read(format!("codelists/{file}")).unwrap(),
            );
        }
        for p in ["atiga", "rcep", "akfta", "acfta", "kcfta"] {
            let name = format!("profiles/{p}.json");
            add(&name, &std::fs::read(&name).unwrap());
        }
        add(
            "psr/atiga-hs2022.json",
            &std::fs::read("psr/atiga-hs2022.json").unwrap(),
        );
        if let Some(t) = texts {
            add("catalogue/rules.txt", t.as_bytes());
        }
        out
    }

    #[test]
    fn a_pack_of_the_repository_files_is_the_bundled_data() {
        let data = Data::from_pack(&pack(env!("CARGO_PKG_VERSION")), "d.bin").unwrap();
        let bundled = Data::bundled();
        assert_eq!(
            (&data.codes, &data.profiles, &data.tables),
            (&bundled.codes, &bundled.profiles, &bundled.tables)
        );
        let catalogue = Catalogue::bundled();
        assert_eq!(
            catalogue.to_json_with(&data.texts),
            catalogue.to_json_with(&bundled.texts)
        );
        // The texts come from the file, not the build: a message changed there shows.
        let shouted = Data::from_pack(
            &pack_with(env!("CARGO_PKG_VERSION"), Some(&texts_of(|_| "LOUD"))),
            "d.bin",
        )
        .unwrap();
        assert_eq!(shouted.texts.message(RuleId::ParseRoot), "LOUD");
        assert_eq!(
            bundled.texts.message(RuleId::ParseRoot),
            RuleId::ParseRoot.rule().message
        );
        assert_eq!(
            shouted.texts.basis(RuleId::ItemSequence),
            RuleId::ItemSequence.rule().basis
        );
    }

    #[test]
    fn malformed_packs_are_refused_with_a_code() {
        let v = env!("CARGO_PKG_VERSION");
        let good = pack(v);
        let e = Data::from_pack(&pack("0.0.1"), "d.bin").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            ("data.version", "/eco-validator")
        );
        assert!(e.message.contains("0.0.1"), "{e}");
        for (bytes, code, path) in [
            (b"not a pack".to_vec(), "data.format", ""),
            (good[..good.len() - 1].to_vec(), "data.format", ""),
            (MAGIC.as_bytes().to_vec(), "data.format", ""),
            (
                [&good[..], b"psr/atiga-hs2022.json 2\n{}"].concat(),
                "data.format",
                "/psr/atiga-hs2022.json",
            ),
            (
                [&good[..], b"other/x 0\n"].concat(),
                "data.format",
                "/other/x",
            ),
            (
                [&good[..], b"psr/x.json 2\n{}"].concat(),
                "psr.value",
                "/format",
            ),
            ([&good[..], b"junk"].concat(), "data.format", ""),
            (
                [
                    good.clone(),
                    (0..300)
                        .flat_map(|i| format!("x{i} 0\n").into_bytes())
                        .collect(),
                ]
                .concat(),
                "data.format",
                "",
            ),
            (
                pack_with(v, Some("parse.malformed\tx\ty\tz\n")),
                "data.format",
                "/catalogue/rules.txt",
            ),
            (
                pack_with(v, Some(&texts_of(|_| "one\ttab too many"))),
                "data.format",
                "/catalogue/rules.txt",
            ),
            (
                pack_with(v, Some(&texts_of(|_| "").replace("\t\t", "\t"))),
                "data.format",
                "/catalogue/rules.txt",
            ),
            (pack_with(v, None), "data.missing", "/catalogue/rules.txt"),
        ] {
            let e = Data::from_pack(&bytes, "d.bin").unwrap_err();
            assert_eq!((e.code, e.path.as_str()), (code, path), "{e}");
        }
        // A pack without one of the code lists names the missing list.
        let cut = {
            let start = good
                .windows(15)
                .position(|w| w == b"codelists/rec21")
                .unwrap();
            let header_end = start + good[start..].iter().position(|b| *b == b'\n').unwrap();
            let header = std::str::from_utf8(&good[start..header_end]).unwrap();
            let len: usize = header.rsplit_once(' ').unwrap().1.parse().unwrap();
            [&good[..start], &good[header_end + 1 + len..]].concat()
        };
        let e = Data::from_pack(&cut, "d.bin").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            ("data.missing", "/codelists/rec21.txt")
        );
    }
}
