//! Rule stages over the model: the agreement's profile, code lists (dated by the issue date), Box 8
//! read with the form's own vocabulary, the certification procedure, and consistency between
//! fields. One file per stage; the rules of origin join them here.
//!
//! Stages see only the model, never the bytes; findings name model paths, which the report
//! resolves to the source. Each item is checked on its own, so one bad item never hides another.
//! What a stage knows of an agreement comes from its profile: no stage names one.

use std::fmt::Display;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use jiff::civil::Date;

use crate::codelists::CodeLists;
use crate::model::Certificate;
use crate::options::Options;
use crate::profiles::Profiles;
use crate::psr::Table;
use crate::statuslist::StatusList;
use crate::vocab::{Name, Step};

mod certification;
mod codes;
mod evidence;
mod grammar;
mod header;
mod psr;

/// What one validation is checked against: the clock of this call, and the validator's policy and
/// profiles, prepared once.
pub struct Context<'v> {
    /// The validation clock: "today" for the rules that compare with the present.
    pub as_of: Date,
    /// Limits and policy.
    pub options: &'v Options,
    /// The code lists.
    pub codes: &'v CodeLists,
    /// The agreements' profiles.
    pub profiles: &'v Profiles,
    /// Certificates cancelled or replaced, when the caller has a list.
    pub statuses: Option<&'v StatusList>,
    /// Product-specific rule tables, at most one per agreement.
    pub tables: &'v [std::sync::Arc<Table>],
    /// What the caller's assessments of some items support (closing the loop).
    pub supported: &'v [Supported],
}

pub use evidence::Supported;

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

/// Adds a finding citing the profile's own legal text (an RCEP certificate's finding cites RCEP,
/// not ATIGA). Built out of line, as `raise`.
#[cold]
#[inline(never)]
pub(super) fn raise_cited(
    raws: &mut Vec<Raw>,
    rule: RuleId,
    at: At<'_>,
    params: &[(&'static str, &dyn Display)],
    basis: &str,
) {
    raise(raws, rule, at, params);
    if let Some(raw) = raws.last_mut() {
        raw.basis = Some(basis.into());
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

/// Runs the stages: the header against the profile, the code lists, then item by item the codes
/// and Box 8 (so findings come in item order), then the certification procedure over the whole.
pub fn run(cert: &Certificate, ctx: &Context<'_>, raws: &mut Vec<Raw>) {
    let header = &cert.header;
    // Dated lists follow the issue date; without one, the validation clock stands in.
    let on = header.issue_date.unwrap_or(ctx.as_of);
    let profile = header::run(cert, ctx, raws);
    codes::countries(cert, on, profile, ctx.options, ctx.codes, raws);
    let nomenclature = codes::consignment(cert, on, ctx.codes, raws);
    let mut criteria = Vec::with_capacity(cert.consignment.items.len());
    let edition = ctx.codes.hs_edition(on);
    for (i, item) in cert.consignment.items.iter().enumerate() {
        codes::item(i, item, nomenclature.as_ref(), profile, ctx.codes, raws);
        criteria.push(profile.and_then(|p| grammar::item(i, item, p, ctx.profiles, raws)));
    }
    if let Some(profile) = profile {
        psr::run(cert, &criteria, profile, ctx.tables, edition, raws);
        evidence::run(cert, &criteria, ctx.supported, raws);
        certification::run(cert, &criteria, profile, ctx, raws);
    }
}
