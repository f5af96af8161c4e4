//! Box 8 read with the vocabulary of the certificate's own form (its agreement's profile), and the
//! values the grammar reads but does not bound: a regional value content above 0 and at most 100, a
//! partial-cumulation share within the profile's range (ATIGA Art. 30(2): at least 20, below 40).
//! A code the form does not have is named with the forms that do have it.

use std::fmt::Display;

use rust_decimal::Decimal;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{CriterionError, Item, Meaning, OriginCriterion};
use crate::profiles::{Profile, Profiles};
use crate::vocab::Name;

use super::{At, raise, raise_cited};

/// One goods item's Box 8 (`i` is its 0-based position): the typed criterion when it was read.
pub(super) fn item(
    i: usize,
    item: &Item,
    profile: &Profile,
    profiles: &Profiles,
    raws: &mut Vec<Raw>,
) -> Option<OriginCriterion> {
    let text = item.origin_criterion.as_deref()?;
    let at = || At::Item(i, &[Name::OriginCriteriaText]);
    let vocabulary = &profile.criteria.value;
    let basis = &profile.criteria.basis;
    let criterion = match OriginCriterion::parse(text, vocabulary) {
        Ok((c, canonical)) => {
            if !canonical {
                let printed = c.printed(vocabulary, false);
                let params: [(_, &dyn Display); 2] = [("value", &text), ("canonical", &printed)];
                raise(raws, RuleId::Box8Noncanonical, at(), &params);
            }
            c
        }
        Err(CriterionError::Unknown(word)) => {
            let forms = Forms(profiles, profile, &word);
            if forms.any() {
                let params: [(_, &dyn Display); 3] = [
                    ("token", &word),
                    ("form", &profile.form_name),
                    ("forms", &forms),
                ];
                raise_cited(raws, RuleId::Box8NotOnForm, at(), &params, basis);
            } else {
                let params: [(_, &dyn Display); 2] =
                    [("value", &text), ("form", &profile.form_name)];
                raise_cited(raws, RuleId::Box8Syntax, at(), &params, basis);
            }
            return None;
        }
        Err(CriterionError::Syntax) => {
            let params: [(_, &dyn Display); 2] = [("value", &text), ("form", &profile.form_name)];
            raise_cited(raws, RuleId::Box8Syntax, at(), &params, basis);
            return None;
        }
    };
    for part in &criterion.parts {
        let Some(percent) = part.percent else {
            continue;
        };
        match part.meaning {
            Meaning::PartialCumulation => {
                let range = profile.partial_cumulation.value;
                if let Some((from, below)) = range
                    && (percent < from || percent >= below)
                {
                    let params: [(_, &dyn Display); 3] =
                        [("percent", &percent), ("from", &from), ("below", &below)];
                    let basis = &profile.partial_cumulation.basis;
                    raise_cited(raws, RuleId::Box8PartialCumulation, at(), &params, basis);
                }
            }
            _ if percent.is_zero() || percent > Decimal::ONE_HUNDRED => {
                raise(raws, RuleId::Box8Percentage, at(), &[("percent", &percent)]);
            }
            _ => {}
        }
    }
    Some(criterion)
}

/// The other loaded forms whose vocabulary has `word`, as a message lists them.
struct Forms<'p>(&'p Profiles, &'p Profile, &'p str);

impl Forms<'_> {
    fn others(&self) -> impl Iterator<Item = &Profile> {
        self.0.iter().filter(|p| {
            p.agreement != self.1.agreement
                && p.criteria.value.codes.iter().any(|c| c.text == self.2)
        })
    }

    fn any(&self) -> bool {
        self.others().next().is_some()
    }
}

impl Display for Forms<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.others().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&p.form_name)?;
        }
        Ok(())
    }
}
