//! The agreement's certification procedure over the whole certificate, each rule's numbers from the
//! certificate's profile: the validity period against the caller's clock (ATIGA OCP Rule 14), the
//! tick boxes the form has, the items it may list.

use std::fmt::Display;

use jiff::civil::Date;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{Certificate, Indicators, OriginCriterion};
use crate::profiles::{Profile, TICKS};
use crate::vocab::Name;

use super::{At, Context, raise_cited};

pub(super) fn run(
    cert: &Certificate,
    _criteria: &[Option<OriginCriterion>],
    profile: &Profile,
    ctx: &Context<'_>,
    raws: &mut Vec<Raw>,
) {
    validity(cert, profile, ctx, raws);
    ticks(&cert.indicators, profile, raws);
    if let Some(limit) = &profile.max_items {
        let count = cert.consignment.items.len();
        if count > crate::convert::to_usize(limit.value) {
            let params: [(_, &dyn Display); 3] = [
                ("form", &profile.form_name),
                ("limit", &limit.value),
                ("count", &count),
            ];
            let at = At::Doc(&[Name::SupplyChainConsignment]);
            raise_cited(raws, RuleId::ItemCount, at, &params, &limit.basis);
        }
    }
}

/// Rule 14: valid for the profile's months from the issue date, the last day included (issued on
/// 20 Nov 2026 with 12 months: valid until 20 Nov 2027); presented later is an error whose message
/// names the exceptions, which only the importing customs can judge.
fn validity(cert: &Certificate, profile: &Profile, ctx: &Context<'_>, raws: &mut Vec<Raw>) {
    let Some(issued) = cert.header.issue_date else {
        return;
    };
    let months = profile.validity_months.value;
    let Some(until) = months_after(issued, months) else {
        return;
    };
    if ctx.as_of > until {
        let params: [(_, &dyn Display); 4] = [
            ("date", &issued),
            ("months", &months),
            ("until", &until),
            ("asOf", &ctx.as_of),
        ];
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        let basis = &profile.validity_months.basis;
        raise_cited(raws, RuleId::ValidityExpired, at, &params, basis);
    }
}

/// Every ticked box must be one the form has.
fn ticks(indicators: &Indicators, profile: &Profile, raws: &mut Vec<Raw>) {
    let i = indicators;
    let ticked = [
        i.third_country_invoicing,
        i.exhibition,
        i.accumulation,
        i.de_minimis,
        i.back_to_back,
        i.issued_retroactively,
        i.partial_cumulation,
        i.movement_certificate,
    ];
    let names = [
        Name::ThirdCountryInvoicing,
        Name::ExhibitionTick,
        Name::Accumulation,
        Name::DeMinimis,
        Name::BackToBack,
        Name::IssuedRetroactively,
        Name::PartialCumulation,
        Name::MovementCertificate,
    ];
    for ((tick, on), name) in TICKS.iter().zip(ticked).zip(names) {
        if on && !profile.has_tick(tick) {
            refuse(raws, profile, tick, At::Doc(&[Name::Indicators, name]));
        }
    }
    for (n, other) in i.other.iter().enumerate() {
        if !profile.has_tick(other) {
            let steps = vec![
                crate::vocab::Step::named(Name::Indicators, 0),
                crate::vocab::Step::nth(Name::OtherIndicator, n),
            ];
            refuse(raws, profile, other, At::Steps(steps));
        }
    }
}

fn refuse(raws: &mut Vec<Raw>, profile: &Profile, tick: &str, at: At<'_>) {
    let params: [(_, &dyn Display); 2] = [("form", &profile.form_name), ("tick", &tick)];
    raise_cited(
        raws,
        RuleId::TickNotOnForm,
        at,
        &params,
        &profile.ticks.basis,
    );
}

/// The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 month is
/// 28 or 29 Feb). Calendar arithmetic by hand: jiff's span arithmetic would bring its whole unit
/// machinery into the wasm package for this one sum.
fn months_after(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month()) - 1 + i64::from(months);
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = i8::try_from(index.rem_euclid(12) + 1).ok()?;
    let first = Date::new(year, month, 1).ok()?;
    let day = date.day().min(first.days_in_month());
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_after_keeps_the_day_or_takes_the_last() {
        assert_eq!(
            months_after(date(2026, 11, 20), 12),
            Some(date(2027, 11, 20))
        );
        assert_eq!(months_after(date(2026, 11, 20), 6), Some(date(2027, 5, 20)));
        assert_eq!(months_after(date(2027, 1, 31), 1), Some(date(2027, 2, 28)));
        assert_eq!(months_after(date(2028, 1, 31), 1), Some(date(2028, 2, 29)));
        assert_eq!(months_after(date(2024, 2, 29), 12), Some(date(2025, 2, 28)));
        assert_eq!(months_after(date(2026, 12, 5), 1), Some(date(2027, 1, 5)));
        assert_eq!(months_after(date(9999, 6, 1), 12), None);
    }
}
