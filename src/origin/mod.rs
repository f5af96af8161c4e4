//! Origin assessment for exporters (cargo feature `origin`): a worksheet — the good, its FOB, its
//! bill of materials and costs — assessed under an agreement's profile and PSR table, offline,
//! explaining itself step by step with the articles. What Korea's FTA-PASS or the EU's ROSA ask
//! as a questionnaire, computed.

mod assess;
mod bom;
mod trail;
mod worksheet;

pub use assess::{Alternative, Assessment, BreakPoint, Rvc, Ticks, Used, assess};
pub use trail::{Step, Trail};
pub use worksheet::Worksheet;

use crate::codelists::CodeLists;
use crate::loading::LoadError;

/// Reads a worksheet as JSON (it starts with `{`) or as a bill-of-materials CSV (anything else);
/// its currencies must be in `codes`.
pub fn read<'t>(
    text: &'t str,
    source: &str,
    codes: &CodeLists,
) -> Result<Worksheet<'t>, LoadError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().starts_with('{') {
        worksheet::read(body, source, codes)
    } else {
        bom::read(body, source, codes)
    }
}
