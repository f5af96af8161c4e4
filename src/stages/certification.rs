//! The agreement's certification procedure over the whole certificate, each rule's numbers from the
//! certificate's profile (ATIGA Annex 8 for Form D): retroactive issue (Rule 10), validity against
//! the caller's clock (Rule 14), back-to-back certificates (Rule 11), certified true copies (Rule
//! 12), exhibition and third-country invoicing (Rules 22, 23), FOB where RVC is used (Rule 25,
//! overleaf note 10), the ticks that need a criterion (partial cumulation, de minimis), the waiver
//! of Rule 15; and the countries (boxes 1, 2, 11) and invoice dates against each other. A rule
//! whose tick the form does not have is not checked: the form cannot say it.

use std::fmt::Display;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::catalogue::RuleId;
use crate::codelists::CodeLists;
use crate::findings::Raw;
use crate::model::{Certificate, Indicators, Meaning, OriginCriterion, Party};
use crate::options::FobRequiredFor;
use crate::profiles::{FobRule, Profile, TICKS};
use crate::vocab::{Name, Step};

use super::{At, Context, raise, raise_cited};

pub(super) fn run(
    cert: &Certificate,
    criteria: &[Option<OriginCriterion>],
    profile: &Profile,
    ctx: &Context<'_>,
    raws: &mut Vec<Raw>,
) {
    validity(cert, profile, ctx, raws);
    retroactive(cert, profile, raws);
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
    back_to_back(cert, profile, raws);
    certified_copy(cert, profile, raws);
    linked_ticks(cert, profile, raws);
    criteria_and_ticks(cert, criteria, profile, ctx, raws);
    countries(cert, ctx.codes, raws);
    invoices(cert, raws);
    waiver(cert, profile, raws);
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

/// Rule 10: issued at or before shipment; after it only retroactively, ticked as such, and within
/// the profile's months of the departure date (box 3).
fn retroactive(cert: &Certificate, profile: &Profile, raws: &mut Vec<Raw>) {
    let departure = cert
        .consignment
        .transport
        .as_ref()
        .and_then(|t| t.departure_date);
    let (Some(issued), Some(departure)) = (cert.header.issue_date, departure) else {
        return;
    };
    let late = issued > departure;
    let ticked = cert.indicators.issued_retroactively;
    let tick = || At::Doc(&[Name::Indicators, Name::IssuedRetroactively]);
    let params: [(_, &dyn Display); 2] = [("date", &issued), ("departure", &departure)];
    if profile.has_tick("issuedRetroactively") {
        // The profile's citation where it gives one (an RCEP certificate cites RCEP); otherwise
        // the catalogue's, which the report fills in.
        let basis = profile
            .retroactive_months
            .as_ref()
            .map(|r| r.basis.as_str());
        let rule = if late && !ticked {
            Some(RuleId::RetroactiveTickRequired)
        } else if ticked && !late {
            Some(RuleId::RetroactiveNotLate)
        } else {
            None
        };
        match (rule, basis) {
            (Some(rule), Some(basis)) => raise_cited(raws, rule, tick(), &params, basis),
            (Some(rule), None) => raise(raws, rule, tick(), &params),
            (None, _) => {}
        }
    }
    if let Some(window) = &profile.retroactive_months
        && let Some(until) = months_after(departure, window.value)
        && issued > until
    {
        let params: [(_, &dyn Display); 4] = [
            ("date", &issued),
            ("months", &window.value),
            ("departure", &departure),
            ("until", &until),
        ];
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        raise_cited(raws, RuleId::RetroactiveTooLate, at, &params, &window.basis);
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
            refuse_tick(raws, profile, tick, At::Doc(&[Name::Indicators, name]));
        }
    }
    for (n, other) in i.other.iter().enumerate() {
        if !profile.has_tick(other) {
            let steps = vec![
                Step::named(Name::Indicators, 0),
                Step::nth(Name::OtherIndicator, n),
            ];
            refuse_tick(raws, profile, other, At::Steps(steps));
        }
    }
}

fn refuse_tick(raws: &mut Vec<Raw>, profile: &Profile, tick: &str, at: At<'_>) {
    let params: [(_, &dyn Display); 2] = [("form", &profile.form_name), ("tick", &tick)];
    raise_cited(
        raws,
        RuleId::TickNotOnForm,
        at,
        &params,
        &profile.ticks.basis,
    );
}

/// Rule 11: a back-to-back certificate (Form E: a movement certificate) names its original proofs
/// in box 7, is issued within the earliest original's validity, and re-exports no more than the
/// original covers.
fn back_to_back(cert: &Certificate, profile: &Profile, raws: &mut Vec<Raw>) {
    let i = &cert.indicators;
    let (ticked, tick_name, tick) = if profile.has_tick("movementCertificate") {
        (
            i.movement_certificate,
            Name::MovementCertificate,
            "movement certificate",
        )
    } else if profile.has_tick("backToBack") {
        (i.back_to_back, Name::BackToBack, "back-to-back")
    } else {
        return;
    };
    let items = &cert.consignment.items;
    let any = items.iter().any(|item| !item.original_proofs.is_empty());
    if ticked && !any {
        raise_cited(
            raws,
            RuleId::BackToBackOriginals,
            At::Doc(&[Name::Indicators, tick_name]),
            &[],
            &profile.procedures.back_to_back,
        );
    }
    if !ticked {
        for (n, item) in items.iter().enumerate() {
            if let Some(first) = item.original_proofs.first() {
                let reference = first.reference.as_deref().unwrap_or("");
                let params: [(_, &dyn Display); 2] = [("reference", &reference), ("tick", &tick)];
                let at = proof_at(n, 0, None);
                raise_cited(
                    raws,
                    RuleId::BackToBackTick,
                    at,
                    &params,
                    &profile.procedures.back_to_back,
                );
            }
        }
        return;
    }
    // The earliest original decides, for a consolidated shipment (Rule 11(1)(e)).
    let earliest = items
        .iter()
        .enumerate()
        .flat_map(|(n, item)| {
            item.original_proofs
                .iter()
                .enumerate()
                .map(move |(p, o)| (n, p, o))
        })
        .filter_map(|(n, p, o)| o.issue_date.map(|d| (d, n, p, o)))
        .min_by_key(|(d, ..)| *d);
    if let (Some(issued), Some((original, n, p, proof))) = (cert.header.issue_date, earliest)
        && let Some(until) = months_after(original, profile.validity_months.value)
        && issued > until
    {
        let reference = proof.reference.as_deref().unwrap_or("");
        let params: [(_, &dyn Display); 4] = [
            ("date", &issued),
            ("reference", &reference),
            ("original", &original),
            ("until", &until),
        ];
        let at = proof_at(n, p, Some(Name::IssueDate));
        raise_cited(
            raws,
            RuleId::BackToBackExpired,
            at,
            &params,
            &profile.procedures.back_to_back,
        );
    }
    for (n, item) in items.iter().enumerate() {
        let Some(quantity) = &item.quantity else {
            continue;
        };
        for proof in &item.original_proofs {
            let Some(original) = &proof.quantity else {
                continue;
            };
            if let (Some(q), Some(o)) = (quantity.value, original.value)
                && quantity.unit_code == original.unit_code
                && q > o
            {
                let unit = quantity.unit_code.as_deref().unwrap_or("");
                let reference = proof.reference.as_deref().unwrap_or("");
                let params: [(_, &dyn Display); 4] = [
                    ("quantity", &q),
                    ("unit", &unit),
                    ("original", &o),
                    ("reference", &reference),
                ];
                let at = At::Item(n, &[Name::Quantity]);
                raise_cited(
                    raws,
                    RuleId::BackToBackQuantity,
                    at,
                    &params,
                    &profile.procedures.back_to_back,
                );
            }
        }
    }
}

/// The path of item `n`'s original proof `p`, or of its field.
fn proof_at(n: usize, p: usize, field: Option<Name>) -> At<'static> {
    let mut steps = At::Item(n, &[]).steps();
    steps.push(Step::nth(Name::OriginalProof, p));
    if let Some(f) = field {
        steps.push(Step::named(f, 0));
    }
    At::Steps(steps)
}

/// Rule 12: a certified true copy bears the original's date and is issued within one year of it.
fn certified_copy(cert: &Certificate, profile: &Profile, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let (Some(copy), Some(issued)) = (&h.certified_true_copy, h.issue_date) else {
        return;
    };
    let Some(original) = copy.original_issue_date else {
        return;
    };
    let at = || {
        At::Doc(&[
            Name::ExchangedDocument,
            Name::CertifiedTrueCopy,
            Name::OriginalIssueDate,
        ])
    };
    let params: [(_, &dyn Display); 2] = [("date", &issued), ("original", &original)];
    if original > issued {
        raise_cited(
            raws,
            RuleId::CertifiedCopyBeforeOriginal,
            at(),
            &params,
            &profile.procedures.certified_copy,
        );
    } else if months_after(original, 12).is_some_and(|limit| issued > limit) {
        raise_cited(
            raws,
            RuleId::CertifiedCopyLate,
            at(),
            &params,
            &profile.procedures.certified_copy,
        );
    }
}

/// Rules 22 and 23: the exhibition and third-country-invoicing ticks and the data they stand for,
/// each way.
fn linked_ticks(cert: &Certificate, profile: &Profile, raws: &mut Vec<Raw>) {
    let i = &cert.indicators;
    let c = &cert.consignment;
    if profile.has_tick("exhibition") {
        match (i.exhibition, c.exhibition.is_some()) {
            (true, false) => {
                let at = At::Doc(&[Name::Indicators, Name::ExhibitionTick]);
                raise_cited(
                    raws,
                    RuleId::ExhibitionDetails,
                    at,
                    &[],
                    &profile.procedures.exhibition,
                );
            }
            (false, true) => {
                let at = At::Doc(&[Name::SupplyChainConsignment, Name::Exhibition]);
                raise_cited(
                    raws,
                    RuleId::ExhibitionTick,
                    at,
                    &[],
                    &profile.procedures.exhibition,
                );
            }
            _ => {}
        }
    }
    if profile.has_tick("thirdCountryInvoicing") {
        let named = c
            .items
            .iter()
            .position(|item| item.third_party_invoicer.is_some());
        match (i.third_country_invoicing, named) {
            (true, None) => {
                let at = At::Doc(&[Name::Indicators, Name::ThirdCountryInvoicing]);
                raise_cited(
                    raws,
                    RuleId::ThirdCountryInvoicer,
                    at,
                    &[],
                    &profile.procedures.third_country_invoicing,
                );
            }
            (false, Some(n)) => {
                let at = At::Item(n, &[Name::ThirdPartyInvoicer]);
                raise_cited(
                    raws,
                    RuleId::ThirdCountryTick,
                    at,
                    &[],
                    &profile.procedures.third_country_invoicing,
                );
            }
            _ => {}
        }
    }
}

/// FOB where RVC is used (Rule 25, note 10); partial cumulation's tick and `PC x%` each way; de
/// minimis only beside a CTC criterion.
fn criteria_and_ticks(
    cert: &Certificate,
    criteria: &[Option<OriginCriterion>],
    profile: &Profile,
    ctx: &Context<'_>,
    raws: &mut Vec<Raw>,
) {
    let fob_reason = fob_required(cert, profile, ctx.options.fob_required_for);
    let partial_form =
        profile.partial_cumulation.value.is_some() && profile.has_tick("partialCumulation");
    let ticked_partial = cert.indicators.partial_cumulation;
    let (mut any_partial, mut any_ctc) = (false, false);
    for (n, (item, criterion)) in cert.consignment.items.iter().zip(criteria).enumerate() {
        let Some(criterion) = criterion else {
            continue;
        };
        let partial = criterion.has(Meaning::PartialCumulation);
        any_partial |= partial;
        any_ctc |= criterion
            .parts
            .iter()
            .any(|p| matches!(p.meaning, Meaning::TariffShift(_)));
        let rvc = partial || criterion.has(Meaning::RegionalValueContent);
        let printed = || item.origin_criterion.as_deref().unwrap_or("");
        if rvc
            && let Some(reason) = &fob_reason
            && item.fob.is_none()
        {
            let text = printed();
            let params: [(_, &dyn Display); 2] = [("criterion", &text), ("reason", reason)];
            let at = At::Item(n, &[Name::FobAmount]);
            raise_cited(raws, RuleId::FobMissing, at, &params, &profile.fob.basis);
        }
        if partial && partial_form && !ticked_partial {
            let text = printed();
            let at = At::Item(n, &[Name::OriginCriteriaText]);
            raise(
                raws,
                RuleId::PartialCumulationCriterion,
                at,
                &[("criterion", &text)],
            );
        }
    }
    if partial_form && ticked_partial && !any_partial {
        let at = At::Doc(&[Name::Indicators, Name::PartialCumulation]);
        raise(raws, RuleId::PartialCumulationTick, at, &[]);
    }
    if profile.has_tick("deMinimis") && cert.indicators.de_minimis && !any_ctc {
        let at = At::Doc(&[Name::Indicators, Name::DeMinimis]);
        raise(raws, RuleId::DeMinimisCriterion, at, &[]);
    }
}

/// Why FOB must be shown on this certificate where RVC is used, if it must: the profile's rule,
/// read for listed states as the caller's setting says.
fn fob_required(cert: &Certificate, profile: &Profile, reading: FobRequiredFor) -> Option<String> {
    match &profile.fob.value {
        FobRule::Never => None,
        FobRule::All => Some(format!("every {} certificate", profile.form_name)),
        FobRule::States(states) => {
            let exporting = listed(states, &cert.header.issued_in);
            let importing = listed(states, &cert.exporter_declaration.importing_country);
            let (state, side) = match reading {
                FobRequiredFor::ExportingOrImporting => match (exporting, importing) {
                    (Some(e), _) => (e, "exported from"),
                    (None, Some(i)) => (i, "imported by"),
                    (None, None) => return None,
                },
                FobRequiredFor::Importing => (importing?, "imported by"),
                FobRequiredFor::Exporting => (exporting?, "exported from"),
            };
            Some(format!("goods {side} {state}"))
        }
    }
}

fn listed<'c>(states: &[String], country: &'c Option<String>) -> Option<&'c String> {
    country.as_ref().filter(|c| states.contains(c))
}

/// Boxes 1, 2 and 11 against "Issued in": the exporter's and the producing country are the issuing
/// country (the producing one may differ on a back-to-back certificate), the importing country is
/// another, and the consignee is in it (unless the goods go to an exhibition, whose venue may lie
/// elsewhere).
fn countries(cert: &Certificate, codes: &CodeLists, raws: &mut Vec<Raw>) {
    // A code that is no country already has its finding (`code.country`), not a second one here.
    let known = |c: &Option<String>| c.clone().filter(|c| codes.is_country(c));
    let Some(issued_in) = &known(&cert.header.issued_in) else {
        return;
    };
    let country = |p: &Option<Party>| {
        known(
            &p.as_ref()
                .and_then(|p| p.postal_address.as_ref())
                .and_then(|a| a.country.clone()),
        )
    };
    let c = &cert.consignment;
    let d = &cert.exporter_declaration;
    let b2b = cert.indicators.back_to_back || cert.indicators.movement_certificate;
    let consignor = [
        Name::SupplyChainConsignment,
        Name::Consignor,
        Name::PostalAddress,
        Name::CountryId,
    ];
    let production = [Name::ExporterDeclaration, Name::ProductionCountryId];
    let mut fields: Vec<(Option<String>, &[Name])> = vec![(country(&c.consignor), &consignor)];
    if !b2b {
        fields.push((known(&d.production_country), &production));
    }
    for (value, names) in fields {
        if let Some(value) = value
            && value != *issued_in
        {
            let params: [(_, &dyn Display); 2] = [("value", &value), ("issuedIn", issued_in)];
            raise(raws, RuleId::CountryExporting, At::Doc(names), &params);
        }
    }
    let Some(importing) = &known(&d.importing_country) else {
        return;
    };
    if importing == issued_in {
        let at = At::Doc(&[Name::ExporterDeclaration, Name::ImportingCountryId]);
        raise(raws, RuleId::CountryImporting, at, &[("value", importing)]);
    }
    let exhibition = cert.indicators.exhibition || c.exhibition.is_some();
    if !exhibition
        && let Some(consignee) = country(&c.consignee)
        && consignee != *importing
    {
        let at = At::Doc(&[
            Name::SupplyChainConsignment,
            Name::Consignee,
            Name::PostalAddress,
            Name::CountryId,
        ]);
        let params: [(_, &dyn Display); 2] = [("value", &consignee), ("importing", importing)];
        raise(raws, RuleId::CountryConsignee, at, &params);
    }
}

/// An invoice dated after the issue date is a warning: the certificate is normally issued on the
/// commercial documents, but the agreement does not forbid a later invoice.
fn invoices(cert: &Certificate, raws: &mut Vec<Raw>) {
    let Some(issued) = cert.header.issue_date else {
        return;
    };
    for (n, item) in cert.consignment.items.iter().enumerate() {
        for (k, invoice) in item.invoices.iter().enumerate() {
            if let Some(date) = invoice.issue_date
                && date > issued
            {
                let number = invoice.number.as_deref().unwrap_or("");
                let params: [(_, &dyn Display); 3] =
                    [("number", &number), ("date", &date), ("issued", &issued)];
                let mut steps = At::Item(n, &[]).steps();
                steps.push(Step::nth(Name::Invoice, k));
                steps.push(Step::named(Name::IssueDate, 0));
                raise(raws, RuleId::InvoiceAfterIssue, At::Steps(steps), &params);
            }
        }
    }
}

/// Rule 15: a consignment whose total FOB is at most the waiver needs no proof of origin. Counted
/// only when every item states its FOB in US dollars: a partial sum would say nothing.
fn waiver(cert: &Certificate, profile: &Profile, raws: &mut Vec<Raw>) {
    let Some(limit) = &profile.waiver_usd else {
        return;
    };
    let items = &cert.consignment.items;
    if items.is_empty() {
        return;
    }
    let mut total = Decimal::ZERO;
    for item in items {
        let Some(fob) = &item.fob else { return };
        let (Some(value), Some("USD")) = (fob.value, fob.currency.as_deref()) else {
            return;
        };
        let Some(sum) = total.checked_add(value) else {
            return;
        };
        total = sum;
    }
    if total <= limit.value {
        let params: [(_, &dyn Display); 3] = [
            ("total", &total),
            ("currency", &"USD"),
            ("limit", &limit.value),
        ];
        let at = At::Doc(&[Name::SupplyChainConsignment]);
        raise_cited(raws, RuleId::WaiverLowValue, at, &params, &limit.basis);
    }
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
