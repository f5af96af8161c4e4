//! Product-specific rules as data: a rule language (`rule.rs`: a line parsed once into a typed
//! rule, printed back in the same words) and tables keyed by HS code (`table.rs`: 2-, 4- and
//! 6-digit lines and "ex" lines, the most specific line deciding), each naming its HS edition and
//! its source, loaded like the profiles.

#[cfg(feature = "bundled")]
use std::sync::{Arc, OnceLock};

mod rule;
mod table;

pub use rule::{Criterion, Rule};
#[cfg(feature = "origin")]
pub use rule::{Except, Process};
pub use table::Table;

/// The bundled tables (ATIGA: the implementing guidelines' lines and the textile list, HS 2022),
/// read once per process; the build's tests load each, so reading them cannot fail.
#[cfg(feature = "bundled")]
pub fn bundled() -> &'static [Arc<Table>] {
    static BUNDLE: OnceLock<Vec<Arc<Table>>> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        [(
            "atiga-hs2022.json",
            include_str!("../../psr/atiga-hs2022.json"),
        )]
        .iter()
        .filter_map(|(name, text)| Table::load(text, name).ok().map(Arc::new))
        .collect()
    })
}
