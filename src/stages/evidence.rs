//! Closing the loop: where the caller gives an item's origin assessment (its worksheet assessed),
//! the certificate's Box 8 and ticks must be what the assessment supports — a criterion the good
//! meets, an RVC no higher than computed, the de minimis tick where de minimis was needed.

use std::fmt::Display;

use rust_decimal::Decimal;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{Certificate, Meaning, OriginCriterion};
use crate::psr::Rule;
use crate::vocab::Name;

use super::{At, raise};

/// What an item's assessment supports, as the pipeline hands it over.
#[derive(Clone, Debug)]
pub struct Supported {
    /// The item's number (1-based).
    pub item: u32,
    /// Whether the good originates.
    pub originating: bool,
    /// The rule assessed.
    pub rule: String,
    /// The alternatives met, as one rule (`None` when none is).
    pub met: Option<Rule>,
    /// The RVC by the formula that decides, exact.
    pub rvc: Option<Decimal>,
    /// Whether de minimis was needed.
    pub de_minimis: bool,
}

pub(super) fn run(
    cert: &Certificate,
    criteria: &[Option<OriginCriterion>],
    supported: &[Supported],
    raws: &mut Vec<Raw>,
) {
    for s in supported {
        let Some(i) = usize::try_from(s.item).ok().and_then(|n| n.checked_sub(1)) else {
            continue;
        };
        let (Some(item), Some(Some(declared))) = (cert.consignment.items.get(i), criteria.get(i))
        else {
            continue;
        };
        let at = || At::Item(i, &[Name::OriginCriteriaText]);
        let text = item.origin_criterion.as_deref().unwrap_or("");
        if !s.originating {
            let params: [(_, &dyn Display); 2] = [("value", &text), ("rule", &s.rule)];
            raise(raws, RuleId::EvidenceNotOriginating, at(), &params);
            continue;
        }
        if let Some(met) = &s.met
            && !declared.has(Meaning::WhollyObtained)
            && !super::psr::admits(met, declared)
        {
            let params: [(_, &dyn Display); 2] = [("value", &text), ("met", met)];
            raise(raws, RuleId::EvidenceCriterion, at(), &params);
        }
        if let (Some(claimed), Some(actual)) =
            (declared.percent_of(Meaning::RegionalValueContent), s.rvc)
            && claimed > actual
        {
            let actual = actual.trunc_with_scale(4).normalize();
            let params: [(_, &dyn Display); 2] = [("claimed", &claimed), ("actual", &actual)];
            raise(raws, RuleId::EvidenceRvc, at(), &params);
        }
        if s.de_minimis && !cert.indicators.de_minimis {
            let at = At::Doc(&[Name::Indicators, Name::DeMinimis]);
            raise(raws, RuleId::EvidenceDeMinimis, at, &[("item", &s.item)]);
        }
    }
}
