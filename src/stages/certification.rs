//! The agreement's certification procedure over the whole certificate, each rule's numbers from the
//! certificate's profile: the validity period against the caller's clock (ATIGA OCP Rule 14), the
//! tick boxes the form has, the items it may list.

use std::fmt::Display;

use jiff::Span;

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
    let Ok(until) = issued.checked_add(Span::new().months(i64::from(months))) else {
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
