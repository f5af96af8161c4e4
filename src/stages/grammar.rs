//! Box 8 values the grammar reads but does not bound: a regional value content above 0 and at most
//! 100, a partial-cumulation share of at least 20 and below 40 (ATIGA Art. 30(2)).

use rust_decimal::Decimal;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{Criterion, Item, OriginCriterion};
use crate::vocab::Name;

use super::{At, raise};

/// One goods item's Box 8 (`i` is its 0-based position).
pub(super) fn item(i: usize, item: &Item, raws: &mut Vec<Raw>) {
    let hundred = Decimal::ONE_HUNDRED;
    {
        let criterion = || At::Item(i, &[Name::OriginCriteriaText]);
        match &item.origin_criterion {
            Some(OriginCriterion::PartialCumulation { percent })
                if *percent < Decimal::from(20) || *percent >= Decimal::from(40) =>
            {
                raise(
                    raws,
                    RuleId::Box8PartialCumulation,
                    criterion(),
                    &[("percent", percent)],
                );
            }
            Some(OriginCriterion::NotWhollyObtained(parts)) => {
                for part in parts {
                    if let Criterion::RegionalValueContent { percent } = part
                        && (percent.is_zero() || *percent > hundred)
                    {
                        raise(
                            raws,
                            RuleId::Box8Percentage,
                            criterion(),
                            &[("percent", percent)],
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
