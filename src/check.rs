//! Rule stages over the model: code lists (dated by the issue date) and consistency between fields.
//!
//! These stages see only the model, never the bytes; findings name model paths, which the report
//! resolves to the source. Each item is checked on its own, so one bad item never hides another.

use std::fmt::Display;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::codelists;
use crate::criterion::{Criterion, OriginCriterion};
use crate::model::{Agreement, Certificate, Lifecycle, Party};
use crate::options::Options;
use crate::report::Raw;
use crate::rules::RuleId;
use crate::tree::Step;
use crate::vocab::Name;

/// Where a finding points, described until it is raised: paths cost allocations, and the checks
/// below run on every field of every valid certificate.
enum At<'n> {
    /// A field path from the root.
    Doc(&'n [Name]),
    /// A field path inside goods item `index` (0-based).
    Item(usize, &'n [Name]),
    /// A path built by the caller.
    Steps(Vec<Step>),
}

impl At<'_> {
    fn steps(self) -> Vec<Step> {
        let named = |names: &[Name]| names.iter().map(|n| Step::named(*n, 0)).collect::<Vec<_>>();
        match self {
            At::Doc(names) => named(names),
            At::Item(index, names) => {
                let mut steps = vec![
                    Step::named(Name::SupplyChainConsignment, 0),
                    Step::named(Name::IncludedConsignmentItem, index as u32),
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
fn raise(raws: &mut Vec<Raw>, rule: RuleId, at: At<'_>, params: &[(&'static str, &dyn Display)]) {
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
    header_rules(cert, options, raws);
    countries(cert, on, options, raws);
    items(cert, on, raws);
}

fn header_rules(cert: &Certificate, options: &Options, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let agreement_id = At::Doc(&[Name::ExchangedDocument, Name::AgreementId]);
    if let (Some(expected), Some(claimed)) = (options.agreement, h.agreement)
        && expected != claimed
    {
        let params: [(_, &dyn Display); 2] =
            [("value", &claimed.code()), ("expected", &expected.code())];
        raise(raws, RuleId::HeaderAgreementExpected, agreement_id, &params);
    }
    if let Some(agreement) = h.agreement {
        if agreement != Agreement::Atiga {
            let at = At::Doc(&[Name::ExchangedDocument, Name::AgreementId]);
            raise(
                raws,
                RuleId::HeaderAgreement,
                at,
                &[("value", &agreement.code())],
            );
        }
        if let Some(form) = &h.form_type
            && form != agreement.form_type()
        {
            let at = At::Doc(&[Name::ExchangedDocument, Name::FormTypeCode]);
            let params: [(_, &dyn Display); 3] = [
                ("value", form),
                ("agreement", &agreement.code()),
                ("expected", &agreement.form_type()),
            ];
            raise(raws, RuleId::HeaderFormType, at, &params);
        }
    }
    if let Some(date) = h.issue_date
        && date > options.as_of
    {
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        let params: [(_, &dyn Display); 2] = [("date", &date), ("asOf", &options.as_of)];
        raise(raws, RuleId::HeaderIssueDateFuture, at, &params);
    }
    let replaced = h.status == Some(Lifecycle::Replaced);
    if replaced != h.replaced_by.is_some() {
        let at = if replaced {
            Name::StatusCode
        } else {
            Name::ReplacedById
        };
        let status = h.status.unwrap_or(Lifecycle::Issued).code();
        let at = At::Doc(&[Name::ExchangedDocument, at]);
        raise(
            raws,
            RuleId::LifecycleReplacedBy,
            at,
            &[("status", &status)],
        );
    }
}

/// Every country code must exist; the issuing, producing and importing countries must be parties.
fn countries(cert: &Certificate, on: Date, options: &Options, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let d = &cert.exporter_declaration;
    let agreement = h.agreement.unwrap_or(Agreement::Atiga);
    let member_fields = [
        (
            &h.issued_in,
            [Name::ExchangedDocument, Name::IssueCountryId],
        ),
        (
            &d.production_country,
            [Name::ExporterDeclaration, Name::ProductionCountryId],
        ),
        (
            &d.importing_country,
            [Name::ExporterDeclaration, Name::ImportingCountryId],
        ),
    ];
    for (value, names) in &member_fields {
        let Some(code) = value else { continue };
        if !codelists::is_country(code) {
            raise(
                raws,
                RuleId::CodeCountry,
                At::Doc(names),
                &[("value", code)],
            );
        } else if codelists::is_party(agreement, code, on, options.timor_leste_atiga_from)
            == Some(false)
        {
            let params: [(_, &dyn Display); 3] = [
                ("value", code),
                ("agreement", &agreement.code()),
                ("date", &on),
            ];
            raise(raws, RuleId::CodeMemberState, At::Doc(names), &params);
        }
    }
    let c = &cert.consignment;
    for (party, name) in [
        (&c.consignor, Name::Consignor),
        (&c.consignee, Name::Consignee),
        (&c.exhibition, Name::Exhibition),
    ] {
        if let Some(code) = unknown_country(party) {
            let names = [
                Name::SupplyChainConsignment,
                name,
                Name::PostalAddress,
                Name::CountryId,
            ];
            raise(
                raws,
                RuleId::CodeCountry,
                At::Doc(&names),
                &[("value", code)],
            );
        }
    }
    for (i, item) in c.items.iter().enumerate() {
        for (party, name) in [
            (&item.third_party_invoicer, Name::ThirdPartyInvoicer),
            (&item.producer, Name::Producer),
        ] {
            if let Some(code) = unknown_country(party) {
                let names = [name, Name::PostalAddress, Name::CountryId];
                raise(
                    raws,
                    RuleId::CodeCountry,
                    At::Item(i, &names),
                    &[("value", code)],
                );
            }
        }
        if let Some(code) = &item.origin_country
            && !codelists::is_country(code)
        {
            let at = At::Item(i, &[Name::OriginCountryId]);
            raise(raws, RuleId::CodeCountry, at, &[("value", code)]);
        }
        for (p, proof) in item.original_proofs.iter().enumerate() {
            if let Some(code) = &proof.issued_in
                && !codelists::is_country(code)
            {
                let mut steps = At::Item(i, &[]).steps();
                steps.push(Step::named(Name::OriginalProof, p as u32));
                steps.push(Step::named(Name::IssueCountryId, 0));
                raise(
                    raws,
                    RuleId::CodeCountry,
                    At::Steps(steps),
                    &[("value", code)],
                );
            }
        }
    }
}

/// A party's country code when it is not a country.
fn unknown_country(party: &Option<Party>) -> Option<&String> {
    party
        .as_ref()
        .and_then(|p| p.postal_address.as_ref())
        .and_then(|a| a.country.as_ref())
        .filter(|code| !codelists::is_country(code))
}

fn items(cert: &Certificate, on: Date, raws: &mut Vec<Raw>) {
    let c = &cert.consignment;
    if let Some(mode) = c.transport.as_ref().and_then(|t| t.mode.as_ref())
        && !codelists::is_transport_mode(mode)
    {
        let at = At::Doc(&[
            Name::SupplyChainConsignment,
            Name::MainCarriageTransportMovement,
            Name::ModeCode,
        ]);
        raise(raws, RuleId::CodeTransportMode, at, &[("value", mode)]);
    }
    let edition = codelists::hs_edition(on);
    let nomenclature = edition.filter(|e| e.is_bundled());
    if nomenclature.is_none() && c.items.iter().any(|i| i.hs_code.is_some()) {
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        raise(raws, RuleId::CodeHsEdition, at, &[("date", &on)]);
    }
    let hundred = Decimal::ONE_HUNDRED;
    for (i, item) in c.items.iter().enumerate() {
        if let Some(n) = item.number
            && n as usize != i + 1
        {
            let at = At::Item(i, &[Name::SequenceNumeric]);
            let params: [(_, &dyn Display); 2] = [("value", &n), ("expected", &(i + 1))];
            raise(raws, RuleId::ItemSequence, at, &params);
        }
        if let Some(pt) = &item.package_type
            && !codelists::is_package_type(pt)
        {
            let at = At::Item(i, &[Name::PackageTypeCode]);
            raise(raws, RuleId::CodePackageType, at, &[("value", pt)]);
        }
        if let (Some(hs), Some(digits)) = (&item.hs_code, item.hs_digits()) {
            let at = || At::Item(i, &[Name::HarmonisedTariffCode]);
            if let Some(e) = nomenclature
                && e.has_subheading(&digits) == Some(false)
            {
                let params: [(_, &dyn Display); 2] = [("value", hs), ("edition", &e.name)];
                raise(raws, RuleId::CodeHsSubheading, at(), &params);
            }
            if digits.len() != 8 {
                let params: [(_, &dyn Display); 2] = [("value", hs), ("digits", &digits.len())];
                raise(raws, RuleId::CodeHsLength, at(), &params);
            }
        }
        for (measure, name) in [
            (&item.gross_weight, Name::GrossWeight),
            (&item.quantity, Name::Quantity),
        ] {
            if let Some(unit) = measure.as_ref().and_then(|m| m.unit_code.as_ref())
                && !codelists::is_unit(unit)
            {
                let at = At::Item(i, &[name, Name::UnitCode]);
                raise(raws, RuleId::CodeUnit, at, &[("value", unit)]);
            }
        }
        if let Some(currency) = item.fob.as_ref().and_then(|f| f.currency.as_ref())
            && !codelists::is_currency(currency)
        {
            let at = At::Item(i, &[Name::FobAmount, Name::CurrencyId]);
            raise(raws, RuleId::CodeCurrency, at, &[("value", currency)]);
        }
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
