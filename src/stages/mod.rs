//! Rule stages over the model: code lists (dated by the issue date), the Box 8 values the grammar
//! leaves open, and consistency between fields. One file per stage; the certification rules and
//! rules of origin of later issues join them here.
//!
//! Stages see only the model, never the bytes; findings name model paths, which the report
//! resolves to the source. Each item is checked on its own, so one bad item never hides another.

use std::fmt::Display;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::Certificate;
use crate::options::Options;
use crate::vocab::{Name, Step};

mod codes;
mod grammar;
mod header;

/// Where a finding points, described until it is raised: paths cost allocations, and the checks
/// below run on every field of every valid certificate.
pub(super) enum At<'n> {
    /// A field path from the root.
    Doc(&'n [Name]),
    /// A field path inside goods item `index` (0-based).
    Item(usize, &'n [Name]),
    /// A path built by the caller.
    Steps(Vec<Step>),
}

impl At<'_> {
    pub(super) fn steps(self) -> Vec<Step> {
        let named = |names: &[Name]| names.iter().map(|n| Step::named(*n, 0)).collect::<Vec<_>>();
        match self {
            At::Doc(names) => named(names),
            At::Item(index, names) => {
                let mut steps = vec![
                    Step::named(Name::SupplyChainConsignment, 0),
                    Step::nth(Name::IncludedConsignmentItem, index),
                ];
                steps.extend(named(names));
                steps
            }
            At::Steps(steps) => steps,
        }
    }
}

/// Adds a finding. Built out of line, parameters formatted here: each check inlined into the stage
/// loops then carries one call, not the building (less for the engine to compile on a first
/// validation).
#[cold]
#[inline(never)]
pub(super) fn raise(
    raws: &mut Vec<Raw>,
    rule: RuleId,
    at: At<'_>,
    params: &[(&'static str, &dyn Display)],
) {
    let mut raw = Raw::new(rule, at.steps());
    for (key, value) in params {
        raw = raw.param(key, value.to_string());
    }
    raws.push(raw);
}

/// Runs the code-list and consistency stages.
pub fn run(cert: &Certificate, options: &Options, raws: &mut Vec<Raw>) {
    let header = &cert.header;
    // Dated lists follow the issue date; without one, the validation clock stands in.
    let on = header.issue_date.unwrap_or(options.as_of);
    header::run(cert, options, raws);
    codes::countries(cert, on, options, raws);
    let nomenclature = codes::consignment(cert, on, raws);
    for (i, item) in cert.consignment.items.iter().enumerate() {
        codes::item(i, item, nomenclature, raws);
        grammar::item(i, item, raws);
    }
}
